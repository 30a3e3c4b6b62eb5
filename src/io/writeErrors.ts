/** Turns a failed write into a message that says what was being written, where, and what to do. */
export function writeError(error: unknown, what: string, where: string): Error {
  const code = (error as NodeJS.ErrnoException)?.code;
  const advice =
    code === 'ENOSPC' ? 'the disk is full: free some space, then try again (nothing already saved was changed)'
    : code === 'EDQUOT' ? 'the disk quota is exceeded: free some space, then try again'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied: choose a folder you can write to'
    : code === 'EROFS' ? 'the file system is read-only'
    : (error as Error)?.message ?? String(error);
  const wrapped = new Error(`could not write ${what} to ${where}: ${advice}`);
  (wrapped as NodeJS.ErrnoException).code = code;
  return wrapped;
}
