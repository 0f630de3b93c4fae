let counter = 0;

/** A client-chosen id for one piece of long work (import, training), unique in this window. */
export function newJobId(kind: string): string {
  counter += 1;
  return `${kind}-${Date.now().toString(36)}-${counter}`;
}
