/** "Did you mean ...?" for a mistyped name: a command, an option, a manifest's key or package. */
import leven from "leven";
import type { NearMissError } from "../errors.ts";

/** The same error, worded with the closest candidate when it is near enough to be a typo. */
export function withSuggestion<E extends NearMissError>(error: E): E {
  const best = closest(error.word, error.candidates);
  if (best !== undefined) error.message = error.naming(best);
  return error;
}

/** The candidate closest to `word`, when it is near enough to be a typo of it. */
function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = leven(word, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  // Two edits, as cobra (gh) allows, so a swapped pair of letters ("shwo") is found; more for long names.
  const limit = Math.max(2, Math.floor(word.length * 0.4));
  return bestDistance <= limit ? best : undefined;
}
