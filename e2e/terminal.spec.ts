import { expect, test } from '@playwright/test';
import {
  apply,
  openApp,
  openTerminal,
  replaceEditorText,
  run,
  screenshot,
  setSpeed,
  startClean,
} from './helpers';

startClean();

test('kubectl in the terminal: create, get -o wide, logs, scale', async ({ page }, testInfo) => {
  await openApp(page);
  await setSpeed(page, 16);
  const screen = await openTerminal(page);
  await expect(screen).toContainText('$');

  // Each command's requests travel from the kubectl client to the API server: at 1× a labelled
  // dot for the POST is on its way while the command runs.
  await setSpeed(page, 1);
  const dots = page.getByTestId('message-dots');
  await run(page, 'kubectl create deployment web --image=nginx --replicas=3');
  await expect(dots).toHaveAttribute('data-labels', /deployments|Deployment/, { timeout: 10_000 });
  await expect(screen).toContainText('deployment.apps/web created');
  await setSpeed(page, 16);

  await expect
    .poll(
      async () => {
        await run(page, 'clear');
        await run(page, 'kubectl get pods -o wide');
        await page.waitForTimeout(500);
        return (await screen.textContent()) ?? '';
      },
      { timeout: 45_000, intervals: [2_000] },
    )
    .toMatch(/(web-\S+\s+1\/1\s+Running[\s\S]*){3}/);
  const text = (await screen.textContent()) ?? '';
  expect(text).toContain('NOMINATED NODE');
  expect(text).toMatch(/10\.244\.\d+\.\d+/);
  const pod = /(web-[a-z0-9]+-[a-z0-9]{5})/.exec(text)?.[1];
  expect(pod).toBeTruthy();

  await run(page, 'clear');
  await run(page, `kubectl logs ${pod}`);
  await expect(screen).toContainText(/nginx|worker process|Configuration complete/);

  await run(page, 'clear');
  await run(page, 'kubectl scale deployment web --replicas=5');
  await expect(screen).toContainText('deployment.apps/web scaled');
  await screenshot(page, testInfo, 'terminal');
});

test('history, completion, errors and Ctrl+C on a watch', async ({ page }) => {
  await openApp(page);
  const screen = await openTerminal(page);

  await run(page, 'kubectl get foo');
  await expect(screen).toContainText('error: the server doesn\'t have a resource type "foo"');

  // Tab completes a command and a resource type.
  await page.keyboard.type('kubectl ver');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(screen).toContainText('Client Version: v1.31.4');

  // ↑ recalls earlier commands: `clear`, then `kubectl version`.
  await run(page, 'clear');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(screen).toContainText('Server Version: v1.31.4');

  await run(page, 'clear');
  await run(page, 'kubectl get nodes -w');
  await expect(screen).toContainText('worker-1');
  await page.keyboard.press('Control+c');
  await expect(screen).toContainText('^C');
  await run(page, 'kubectl get ns');
  await expect(screen).toContainText('kube-system');

  // explain's descriptions arrive as a chunk of their own, on first use.
  await run(page, 'clear');
  await run(page, 'kubectl explain pods.spec.nodeName');
  await expect(screen).toContainText('FIELD: nodeName <string>');
});

test('an escape sequence stored in an object is printed escaped, never run by the terminal', async ({
  page,
}, testInfo) => {
  await openApp(page);
  // An annotation holding ESC[2J (clear screen), written with YAML's `\e` escape.
  await replaceEditorText(
    page,
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: esc, annotations: {note: "before\\e[2Jafter"}}\n',
  );
  await expect(await apply(page)).toContainText('configmap/esc created');
  const screen = await openTerminal(page);
  await expect(screen).toContainText('$');

  // describe escapes ESC as kubectl's EscapeTerminal does: `^[`. Run raw, ESC[2J would have
  // cleared the screen, and the greeting above the command with it.
  await run(page, 'kubectl describe configmap esc');
  await expect(screen).toContainText('before^[[2Jafter');
  await expect(screen).toContainText('kubectl connected to the simulated cluster');
  await screenshot(page, testInfo, 'escaped');
  // YAML output quotes it with YAML's own escape, as kubectl's -o yaml does.
  await run(page, 'clear');
  await run(page, 'kubectl get configmap esc -o yaml');
  await expect(screen).toContainText('note: "before\\e[2Jafter"');
});

test('the metrics-server addon, turned on in Cluster, is drawn and answers kubectl top', async ({
  page,
}, testInfo) => {
  await openApp(page);
  // Off by default, as on kind.
  await expect(page.getByRole('button', { name: /^metrics-server/ })).toHaveCount(0);
  await page.getByRole('button', { name: /^Cluster:/ }).click();
  const addon = page.getByRole('checkbox', { name: 'metrics-server addon' });
  await expect(addon).not.toBeChecked();
  await addon.check();
  await page.getByRole('button', { name: 'Reset cluster' }).click();
  await expect(
    page.getByRole('button', { name: 'metrics-server, an addon pod in kube-system' }),
  ).toBeVisible();
  await setSpeed(page, 16);
  const screen = await openTerminal(page);
  await expect
    .poll(
      async () => {
        await run(page, 'clear');
        await run(page, 'kubectl top nodes');
        await page.waitForTimeout(500);
        return (await screen.textContent()) ?? '';
      },
      { timeout: 45_000, intervals: [2_000] },
    )
    .toMatch(/worker-1\s+\d+m\s+\d+%/);
  await run(page, 'clear');
  await run(page, 'kubectl get pods -n kube-system -l k8s-app=metrics-server');
  await expect(screen).toContainText(/metrics-server-\S+\s+1\/1\s+Running/);
  // The choice is kept: the Cluster dialog shows it on.
  await page.getByRole('button', { name: /^Cluster:/ }).click();
  await expect(page.getByRole('checkbox', { name: 'metrics-server addon' })).toBeChecked();
  await screenshot(page, testInfo, 'metrics-server');
});
