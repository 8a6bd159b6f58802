// Counting words the quiz screens share ("3 questions", "1.5 points").

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function pointsText(n: number): string {
  return `${Number.isInteger(n) ? n : n.toFixed(2).replace(/0+$/, '')} ${n === 1 ? 'point' : 'points'}`;
}
