// What a user does with a Switchboard link in a browser: opens the page (its CSRF field and cookie), then posts the
// form with their key. The link is on the public URL; the test's server listens at the base URL.
import assert from 'node:assert/strict';

/** Posts the link's form and answers the post's response (followed or not, as `redirect` says). */
export async function fillLinkForm(link, key, { publicUrl, baseUrl, fetch = globalThis.fetch, redirect = 'follow' }) {
  const pageUrl = link.replace(publicUrl, baseUrl);
  const page = await fetch(pageUrl);
  assert.equal(page.status, 200, 'the link page opens');
  const csrf = (await page.text()).match(/name="csrf" value="([^"]+)"/)?.[1];
  assert.ok(csrf, 'the form has a CSRF field');
  const cookie = page.headers.get('set-cookie').split(';')[0];
  return fetch(pageUrl, {
    method: 'POST',
    redirect,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ csrf, key }),
  });
}

/** Fills the form and checks it was accepted. */
export async function completeTheLink(link, key, urls) {
  const posted = await fillLinkForm(link, key, urls);
  assert.equal(posted.status, 200, 'the form is accepted');
}
