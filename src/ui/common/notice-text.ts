/** Longer values are cut when a notice repeats them: an address or a file name can be any length. */
const ECHO_MAX_CHARS = 40;

/** A value from the address (or another outside source) as a notice repeats it: at most ECHO_MAX_CHARS characters. */
export function echo(raw: string): string {
  return raw.length > ECHO_MAX_CHARS ? `${raw.slice(0, ECHO_MAX_CHARS)}…` : raw;
}
