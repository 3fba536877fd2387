/** The review resources the API server answers without storing them (./reviews.ts answers). */
export const REVIEW_RESOURCES = new Set([
  'selfsubjectaccessreviews',
  'subjectaccessreviews',
  'selfsubjectrulesreviews',
  // authentication.k8s.io/v1 (`kubectl auth whoami`).
  'selfsubjectreviews',
]);
