/** A dependency is named by its two ends, upstream first: "Usage export API → Onboarding revamp". */
export function dependencyName(from: string, to: string): string {
  return `${from} → ${to}`;
}
