export { LessonPanel, LearnButton } from './LessonPanel';
