export { LessonPanel, LearnButton } from './LessonPanel';
export { Tour, TOUR_KEY } from './Tour';
