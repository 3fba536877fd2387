import { expect, test } from '@playwright/test';
import { apply, openApp, replaceEditorText, screenshot, startClean } from './helpers';

startClean();

// One line each: typed into Monaco, nested YAML would be re-indented as it is typed.
const CRD = JSON.stringify({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'shirts.stable.example.com' },
  spec: {
    group: 'stable.example.com',
    scope: 'Namespaced',
    names: { plural: 'shirts', singular: 'shirt', kind: 'Shirt' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: { spec: { type: 'object', properties: { color: { type: 'string' } } } },
          },
        },
        additionalPrinterColumns: [{ jsonPath: '.spec.color', name: 'Color', type: 'string' }],
      },
    ],
  },
});

const SHIRT = `apiVersion: stable.example.com/v1
kind: Shirt
metadata: {name: example1}
spec: {color: blue}
`;

// crd: a custom resource's kind is its CRD's: the editor's schema leaves it to the API server.
test('a CustomResourceDefinition, then a custom resource, apply from the editor', async ({
  page,
}, testInfo) => {
  await openApp(page);
  await replaceEditorText(page, CRD);
  await expect(await apply(page)).toContainText(
    'customresourcedefinition.apiextensions.k8s.io/shirts.stable.example.com created',
  );
  // The control: a misspelt kind of a built-in group is marked (a schema warning).
  await replaceEditorText(page, 'apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: x}\n');
  await expect(page.locator('.monaco-editor [class*="squiggly-"]').first()).toBeAttached({
    timeout: 10_000,
  });
  await replaceEditorText(page, SHIRT);
  // The schema validates as the text changes: a Shirt gets no marker (a document of a built-in
  // group is still checked against its kind).
  await page.waitForTimeout(1_500);
  await expect(page.locator('.monaco-editor [class*="squiggly-"]')).toHaveCount(0);
  await expect(await apply(page)).toContainText('shirt.stable.example.com/example1 created', {
    timeout: 20_000,
  });
  await screenshot(page, testInfo, 'custom-resource');
});
