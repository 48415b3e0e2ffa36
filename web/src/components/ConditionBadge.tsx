const LABELS: Record<string, string> = { new: "New", used: "Used", refurbished: "Refurbished" };

/** Used and refurbished are visibly marked wherever an offer appears; "new" is only shown when asked. */
export function ConditionBadge({ condition, showNew = false }: { condition: string; showNew?: boolean }) {
  if (condition === "new" && !showNew) return null;
  return <span className={`badge badge-${condition}`}>{LABELS[condition] ?? condition}</span>;
}
