import { useId, useState, type FormEvent } from "react";
import type { Review } from "../api/reviews";
import { ApiError } from "../api/errors";
import { ErrorMessage } from "./QueryState";

/** "★ 4.5 (12 reviews)" or "No reviews yet": an average from the API, never recomputed here. */
export function ratingText(rating: number | null | undefined, count: number): string {
  if (rating == null || count === 0) return "No reviews yet";
  return `★ ${rating.toFixed(1)} (${count} ${count === 1 ? "review" : "reviews"})`;
}

/** Reviews as plain text (React escapes it): nothing in a review is markup. */
export function ReviewList({ reviews }: { reviews: Review[] }) {
  return (
    <ul className="reviews" aria-label="Reviews">
      {reviews.map((review) => (
        <li key={review.id} className="review">
          <p>
            <span aria-label={`${review.rating} out of 5 stars`}>
              {"★".repeat(review.rating)}
              {"☆".repeat(5 - review.rating)}
            </span>{" "}
            {review.title && <strong>{review.title}</strong>}
          </p>
          <p className="review-text">{review.text}</p>
          <p className="muted small">
            {new Date(review.createdAt).toLocaleDateString("en-US")}
            {review.verifiedPurchase ? " · verified purchase" : ""}
          </p>
        </li>
      ))}
    </ul>
  );
}

const REFUSALS: Record<string, string> = {
  NOT_A_BUYER: "Only customers who ordered it can review it.",
  ALREADY_REVIEWED: "You have already reviewed this.",
};

export type ReviewInput = { rating: number; title: string; text: string };

/** Stars, an optional title and a text; `onSubmit` posts it (a product review has a title, seller feedback not). */
export function ReviewForm(props: {
  heading: string;
  withTitle: boolean;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  done: boolean;
  onSubmit: (review: ReviewInput) => void;
}) {
  const id = useId();
  const [rating, setRating] = useState(0);
  const [title, setTitle] = useState("");
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  if (props.done)
    return (
      <p className="ok" role="status">
        Thank you for your review.
      </p>
    );
  function submit(event: FormEvent) {
    event.preventDefault();
    if (rating < 1) return setProblem("Choose from 1 to 5 stars.");
    setProblem(null);
    props.onSubmit({ rating, title: title.trim(), text: text.trim() });
  }
  const refused = props.error instanceof ApiError ? REFUSALS[props.error.code ?? ""] : undefined;
  return (
    <form className="panel review-form" aria-labelledby={`${id}-heading`} onSubmit={submit}>
      <h3 id={`${id}-heading`}>{props.heading}</h3>
      <fieldset className="stars">
        <legend>Rating</legend>
        {[1, 2, 3, 4, 5].map((stars) => (
          <label key={stars}>
            <input
              type="radio"
              name={`${id}-rating`}
              value={stars}
              checked={rating === stars}
              onChange={() => setRating(stars)}
            />
            {stars} {stars === 1 ? "star" : "stars"}
          </label>
        ))}
      </fieldset>
      {props.withTitle && (
        <div className="field">
          <label htmlFor={`${id}-title`}>Review title</label>
          <input
            id={`${id}-title`}
            value={title}
            maxLength={120}
            required
            onChange={(event) => setTitle(event.target.value)}
          />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-text`}>Your review</label>
        <textarea
          id={`${id}-text`}
          value={text}
          maxLength={4000}
          rows={3}
          required
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      <button type="submit" disabled={props.pending}>
        {props.submitLabel}
      </button>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {refused ? (
        <p className="error" role="alert">
          {refused}
        </p>
      ) : (
        <ErrorMessage error={props.error} />
      )}
    </form>
  );
}
