import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { openApp, openTerminal, run, screenshot, setSpeed, startClean } from './helpers';

startClean();
test.use({ viewport: { width: 1280, height: 720 } });

/** Where the screenshots go for a human to look at (KUBEGLASS_SHOTS), besides the report. */
const SHOTS = process.env.KUBEGLASS_SHOTS;

/** A pod `web` running nginx, Running. */
async function startWeb(page: Page) {
  const screen = await openTerminal(page);
  await setSpeed(page, 16);
  await run(page, 'kubectl run web --image=nginx:1.27');
  await expect(screen).toContainText('pod/web created');
  await expect
    .poll(
      async () => {
        await run(page, 'clear');
        await run(page, 'kubectl get pod web');
        await page.waitForTimeout(500);
        return (await screen.textContent()) ?? '';
      },
      { timeout: 45_000, intervals: [2_000] },
    )
    .toMatch(/web\s+1\/1\s+Running/);
  await run(page, 'clear');
  return screen;
}

async function shot(page: Page, testInfo: Parameters<typeof screenshot>[1], name: string) {
  await screenshot(page, testInfo, name);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

test('kubectl exec -it: a shell in the container, its output, exit back to kubectl', async ({
  page,
}, testInfo) => {
  await openApp(page);
  const screen = await startWeb(page);
  await run(page, 'kubectl exec -it web -- sh');
  // nginx's image is debian: dash prompts `# `.
  await expect(screen).toContainText('# ', { timeout: 20_000 });
  await run(page, 'echo hello from $HOSTNAME; cd /tmp; touch made-here; ls');
  await expect(screen).toContainText('hello from web');
  await expect(screen).toContainText('made-here');
  await shot(page, testInfo, 'exec-it-session');
  await run(page, 'exit 3');
  await expect(screen).toContainText('command terminated with exit code 3');
  // Back at kubectl's prompt: a kubectl command runs again, and the file is still in the pod.
  await run(page, 'kubectl exec web -- ls /tmp');
  await expect(screen).toContainText(/ls \/tmp\s*made-here\s*\$/, { timeout: 20_000 });
  await shot(page, testInfo, 'exec-it-after-exit');
});

test('kubectl port-forward: the Port forwards pane sends a request through it', async ({
  page,
}, testInfo) => {
  await openApp(page);
  const screen = await startWeb(page);
  await run(page, 'kubectl port-forward pod/web 8080:80');
  await expect(screen).toContainText('Forwarding from 127.0.0.1:8080 -> 80');
  await expect(screen).toContainText('Forwarding from [::1]:8080 -> 80');
  await page.getByRole('tab', { name: 'Port forwards' }).click();
  await expect(page.getByText('localhost:8080 → pod/web :80')).toBeVisible({ timeout: 10_000 });
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(page.getByRole('status', { name: 'Response from localhost:8080' })).toContainText(
    'Welcome to nginx!',
    { timeout: 20_000 },
  );
  await shot(page, testInfo, 'port-forward-pane');
  await page.getByRole('tab', { name: 'Terminal' }).click();
  await expect(screen).toContainText('Handling connection for 8080');
  await shot(page, testInfo, 'port-forward-terminal');
});
