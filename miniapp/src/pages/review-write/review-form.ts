import { REVIEW_MAX_IMAGES } from '@siyu/shared';

/** The form's rules, as the server checks them (reviewBodySchema): 1–5 stars, 5–500 characters, ≤ 9 photos. */
export const REVIEW_MIN_CHARS = 5;
export const REVIEW_MAX_CHARS = 500;

/** Why the form cannot be sent yet, or null. */
export function reviewFormProblem(form: { rating: number; content: string; images: readonly string[] }): string | null {
  if (form.rating < 1) return '请先打分';
  const length = [...form.content.trim()].length;
  if (length < REVIEW_MIN_CHARS) return `再多写几个字吧（至少 ${REVIEW_MIN_CHARS} 个字）`;
  if (length > REVIEW_MAX_CHARS) return `评价最多 ${REVIEW_MAX_CHARS} 个字`;
  if (form.images.length > REVIEW_MAX_IMAGES) return `最多上传 ${REVIEW_MAX_IMAGES} 张图片`;
  return null;
}

/** "很差" … "非常好" under the stars. */
export function ratingWord(rating: number): string {
  return ['', '很差', '较差', '一般', '满意', '非常满意'][rating] ?? '';
}
