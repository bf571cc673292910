/**
 * A minimal chart archive (CHART/Chart.yaml in a gzipped tar), for what `helm dependency build` saves
 * into charts/.
 */
import { gzipSync } from 'node:zlib';

function header(name: string, size: number): Buffer {
  const h = Buffer.alloc(512, 0);
  const put = (text: string, offset: number, length: number): void => {
    h.write(text.slice(0, length), offset, 'ascii');
  };
  put(name, 0, 100);
  put('0000644\0', 100, 8);
  put('0000000\0', 108, 8);
  put('0000000\0', 116, 8);
  put(`${size.toString(8).padStart(11, '0')}\0`, 124, 12);
  put(`${Math.floor(Date.now() / 1000).toString(8).padStart(11, '0')}\0`, 136, 12);
  put('        ', 148, 8);
  put('0', 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  let sum = 0;
  for (const byte of h) sum += byte;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return h;
}

/** A .tgz holding `chart`/Chart.yaml with `chartYaml`. */
export function chartArchive(chart: string, chartYaml: string): Buffer {
  const body = Buffer.from(chartYaml, 'utf8');
  const padding = Buffer.alloc((512 - (body.length % 512)) % 512, 0);
  return gzipSync(Buffer.concat([header(`${chart}/Chart.yaml`, body.length), body, padding, Buffer.alloc(1024, 0)]));
}
