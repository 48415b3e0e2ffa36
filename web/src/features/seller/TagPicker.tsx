import { useId, useState } from "react";
import { useTags } from "../../api/catalog";

/** Tags typed freely, with suggestions from GET /tags?prefix= as the seller types. */
export function TagPicker({
  tags,
  onChange,
  max = 10,
}: {
  tags: string[];
  onChange: (tags: string[]) => void;
  max?: number;
}) {
  const [text, setText] = useState("");
  const listId = useId();
  const inputId = useId();
  const prefix = text.trim().toLowerCase();
  const suggestions = useTags(prefix, prefix.length > 0);
  function add(value: string) {
    const tag = value.trim();
    if (!tag || tags.length >= max || tags.some((t) => t.toLowerCase() === tag.toLowerCase())) return;
    onChange([...tags, tag]);
    setText("");
  }
  return (
    <div className="tag-picker">
      <div className="field">
        <label htmlFor={inputId}>Tag</label>
        <div className="row">
          <input
            id={inputId}
            list={listId}
            value={text}
            autoComplete="off"
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter") {
                event.preventDefault();
                add(text);
              }
            }}
          />
          <button type="button" className="secondary" onClick={() => add(text)} disabled={tags.length >= max}>
            Add tag
          </button>
        </div>
        <datalist id={listId}>
          {(suggestions.data ?? []).map((tag) => (
            <option key={tag.slug} value={tag.name} />
          ))}
        </datalist>
        {suggestions.data && suggestions.data.length > 0 && (
          <ul className="suggestions" aria-label="Suggested tags">
            {suggestions.data
              .filter((tag) => !tags.some((t) => t.toLowerCase() === tag.name.toLowerCase()))
              .slice(0, 6)
              .map((tag) => (
                <li key={tag.slug}>
                  <button type="button" className="chip" onClick={() => add(tag.name)}>
                    {tag.name}
                  </button>
                </li>
              ))}
          </ul>
        )}
      </div>
      <ul className="chips" aria-label="Chosen tags">
        {tags.map((tag) => (
          <li key={tag} className="chip">
            {tag}{" "}
            <button
              type="button"
              className="link"
              aria-label={`Remove tag ${tag}`}
              onClick={() => onChange(tags.filter((t) => t !== tag))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
