/**
 * `kubectl auth can-i`, `whoami` and `--as` steps ("Using RBAC Authorization", "Checking API
 * access"): our kubectl's transcript of them is kubectl/testdata/rbac-can-i.golden.txt, which
 * real kubectl v1.31 against `sim serve` must print too (src/server/realKubectl.test.ts).
 */
export const CAN_I: readonly string[] = [
  'auth can-i list pods',
  'auth can-i list nodes',
  'auth can-i frob pods',
  'auth can-i get foo',
  'auth can-i',
  'auth whoami',
  'auth can-i list pods --as=jane',
  'create role pod-reader --verb=get,list,watch --resource=pods',
  'create rolebinding read-pods --role=pod-reader --user=jane',
  'auth can-i list pods --as=jane',
  'auth can-i list pods --as=jane -n kube-system',
  'get pods --as=jane',
  'get deployments --as=jane',
  'create rolebinding broken --role=nope --user=bob',
  'auth can-i list pods --as=bob',
  'auth can-i list pods --as=system:serviceaccount:default:default',
  'auth can-i create selfsubjectaccessreviews --as=jane',
  'auth can-i --list --as=jane',
  'auth can-i list secrets --as=jane -q',
];
