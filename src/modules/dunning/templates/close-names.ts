/** Suggestions for a mistyped name: the known names within a few edits of it, closest first. */

function distance(a: string, b: string): number {
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  let previous = Array.from({ length: y.length + 1 }, (_, i) => i)
  for (let i = 1; i <= x.length; i++) {
    const current = [i]
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[y.length]
}

/** Names that look like what was typed, closest first. */
export function closeNames(typed: string, names: string[]): string[] {
  const limit = Math.max(2, Math.floor(typed.length / 3))
  return names
    .map((name) => ({ name, d: distance(typed, name) }))
    .filter(({ name, d }) => d <= limit || name.toLowerCase().startsWith(typed.toLowerCase()) || typed.toLowerCase().startsWith(name.toLowerCase()))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map(({ name }) => name)
}
