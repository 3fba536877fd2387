// The panel, the tour and the Learn button share one stylesheet, loaded with the page: the tour
// and the button show before the panel's code is loaded.
import './lessons.css';

export { LazyLessonPanel as LessonPanel } from './LazyLessonPanel';
export { LearnButton } from './LearnButton';
export { LazyTour as Tour } from './LazyTour';
export { TOUR_KEY } from './tourState';
