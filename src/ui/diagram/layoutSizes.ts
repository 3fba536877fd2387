/** Pod columns per worker: wider workers when some node has many pods, so boxes stay squarish. */
export function podColumns(maxPods: number): number {
  return maxPods > 24 ? 5 : maxPods > 12 ? 4 : 3;
}

/** Worker grid columns for n workers: about 4:3 overall, which fits the diagram's pane. */
export function gridColumns(n: number): number {
  return Math.max(1, Math.round(Math.sqrt(n * 1.3)));
}

/** Sizes, in flow units (pixels at zoom 1). */
export const SIZE = {
  cpPad: 24,
  cpTitle: 56,
  cpRowGap: 76,
  componentH: 96,
  /** The API server is taller: its request pipeline is drawn inside. */
  apiH: 140,
  apiW: 640,
  controllerLine: 24,
  podW: 210,
  podH: 84,
  podGapX: 14,
  podGapY: 26,
  workerPad: 16,
  workerHeader: 84,
  nodeComponentH: 64,
  colGap: 70,
  rowGap: 70,
  trayW: 242,
  trayHeader: 64,
  trayMax: 10,
  /**
   * Widths of the control plane's upper row: cloud-controller-manager, kcm, scheduler. The kcm
   * card is wide enough for two columns of controllers; the worker grid below is wider still, so
   * this costs no width and halves the card's height.
   */
  rowA: [310, 640, 250],
  rowAGap: 28,
  etcdW: 230,
  clientW: 220,
  clientH: 72,
  clientGap: 60,
  trayGap: 60,
  /** Pod columns per worker, by the most pods on one node. */
  podColumns: (maxPods: number): number => podColumns(maxPods),
  /** kube-controller-manager lists every controller, in two columns. */
  controllerLines: (n: number): number => Math.ceil(n / 2),
  busGap: 50,
  gridGap: 110,
  /** Worker grid columns for n workers. */
  gridColumns: (n: number): number => gridColumns(n),
  /** Share of the node row each of kube-proxy, kubelet and the runtime gets. */
  nodeComponentShare: [1, 1, 1],
  /**
   * Pod rows a worker has room for even when empty, so its first pods move nothing: the view is
   * fitted once and stays put, and they appear inside it.
   */
  minPodRows: 1,
};

/** Sizes of the diagram's boxes. */
export type LayoutSizes = typeof SIZE;

/**
 * Presenter mode: component names 26 units high and pod names 20 (diagram.css), in boxes sized
 * for them, arranged so the whole cluster of three workers fits a 16:9 window at a zoom of about
 * 0.75 — names then stay at least 18 and 14 device pixels high. The kube-controller-manager
 * card keeps two lines, for the controllers at work; three workers sit in one row.
 */
export const PRESENTER_SIZE: LayoutSizes = {
  ...SIZE,
  cpPad: 18,
  cpTitle: 46,
  cpRowGap: 56,
  componentH: 92,
  apiH: 128,
  apiW: 560,
  controllerLine: 28,
  podW: 262,
  podH: 92,
  podGapX: 10,
  podGapY: 22,
  workerPad: 8,
  workerHeader: 52,
  nodeComponentH: 86,
  colGap: 18,
  rowGap: 40,
  trayW: 292,
  trayHeader: 66,
  trayMax: 3,
  rowA: [412, 406, 268],
  rowAGap: 16,
  etcdW: 200,
  clientW: 200,
  clientH: 92,
  clientGap: 20,
  trayGap: 20,
  podColumns: () => 2,
  controllerLines: () => 2,
  busGap: 30,
  gridGap: 64,
  // Three workers in one row; a bigger cluster about as wide as tall (a column of seventeen
  // rows of three, at 50 workers, could not be fitted in the pane at any zoom the diagram allows).
  gridColumns: (n: number) => (n <= 3 ? n : Math.max(3, gridColumns(n))),
  nodeComponentShare: [196, 138, 178],
  minPodRows: 1,
};

/**
 * Large type outside presenter mode (a pane too small for the detailed layout: 1280×720 with the
 * editor open, or 853×480 at 150 % zoom): presenter mode's boxes. Three workers of two pod
 * columns make the layout about 2.4:1, wider than the pane beside the editor, so its width limits
 * the zoom (and so the names' size): the pending tray is no wider than the workers' row leaves it.
 */
export const COMPACT_SIZE: LayoutSizes = {
  ...PRESENTER_SIZE,
  trayW: 246,
};
