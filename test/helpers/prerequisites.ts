/**
 * Why a test that needs something outside the repository (Chromium, the shared MovieLens data)
 * cannot run here, or null when it can. The reason is printed, and goes into the test's name.
 * In CI (process.env.CI set) nothing may be skipped: a missing prerequisite throws instead, so
 * the test file fails saying what is missing.
 */
export function skipReason(tag: string, missing: Array<string | false>): string | null {
  const reason = missing.filter((m): m is string => Boolean(m)).join('; ');
  if (!reason) return null;
  if (process.env.CI) throw new Error(`[${tag}] cannot run in CI: ${reason}`);
  console.warn(`[${tag}] skipped: ${reason}`);
  return reason;
}
