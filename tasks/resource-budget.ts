/**
 * What the whole environment asks of the cluster: the sum of the memory and CPU limits in our values files
 * and manifests (DEV_ENV "Resource Sizing"). A test recomputes it from the files, so it cannot drift.
 */

/** Sum of memory limits, bytes: 11 GiB (DEV_ENV's ~11.0 GiB). */
export const REQUIRED_MEMORY_BYTES = 11 * 1024 ** 3;

/** Sum of CPU limits, millicores (DEV_ENV's 7.65 CPU). */
export const REQUIRED_CPU_MILLICORES = 7650;
