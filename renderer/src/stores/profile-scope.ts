/**
 * Stores that hold one profile's data register a reset here. Switching profiles resets them all
 * before the next profile's data is asked for, so one profile's ratings can never be shown
 * under another's name.
 */
const resets = new Set<() => void>();

export function registerProfileScoped(reset: () => void): void {
  resets.add(reset);
}

export function resetProfileScoped(): void {
  for (const reset of resets) reset();
}
