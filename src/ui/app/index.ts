export { App } from './App';
export { initialTheme } from './theme';
