/**
 * Writes a file whole or not at all (a temporary file, then a rename), for the simulator's state files.
 */

/**
 * Replaces `path` with `text`. write-file-atomic is loaded on the first write: a call that only reads
 * never pays for it. No fsync: the rename already protects against killed processes, which is what tests do.
 */
export async function writeAtomic(path: string, text: string): Promise<void> {
  const { default: writeFileAtomic } = await import('write-file-atomic');
  await writeFileAtomic(path, text, { fsync: false });
}
