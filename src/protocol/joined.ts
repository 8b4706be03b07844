// Value texts that come with their own comma-joined pieces, so a large reply is not joined again per read.

/**
 * Pieces of joined texts are about this long; a longer value text is a piece of its own. Every
 * read joins the texts after the last finished piece, so the shorter the pieces the less a read
 * of a large set costs; the writer batches pieces into writes of its own size either way.
 */
export const PIECE_CHARS = 4 * 1024;

/** The key under which an array of value texts may carry them joined (see `JoinedTexts`). */
export const JOINED: unique symbol = Symbol("joined value texts");

/**
 * Value texts, optionally with `[JOINED]`: the same texts joined with commas, in order, cut into
 * pieces of about `PIECE_CHARS` (every piece but the first starting with its comma). An owner
 * that keeps them as it grows (the grow-only set) spares every read the cost of joining.
 */
export type JoinedTexts = readonly string[] & { readonly [JOINED]?: readonly string[] };

/** The texts joined with commas, in pieces of about `PIECE_CHARS`; the ones the array carries, if it does. */
export function joinedPieces(texts: JoinedTexts): readonly string[] {
  const carried = texts[JOINED];
  if (carried) return carried;
  const pieces: string[] = [];
  let from = 0;
  let chars = 0;
  for (let i = 0; i < texts.length; i++) {
    chars += (texts[i] as string).length + 1;
    if (chars > PIECE_CHARS || i === texts.length - 1) {
      pieces.push(piece(texts, from, i + 1));
      from = i + 1;
      chars = 0;
    }
  }
  return pieces;
}

/** The texts in [from, to) joined, with the comma that separates them from those before `from`. */
export function piece(texts: readonly string[], from: number, to: number): string {
  return (from ? "," : "") + texts.slice(from, to).join(",");
}
