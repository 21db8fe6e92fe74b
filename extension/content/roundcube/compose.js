// The compose window: the mailseq control next to Send, arming a sequence, and reporting
// the send. The contract (DESIGN.md, "Compose window"):
// - button[data-mailseq="enroll"] shows select[data-mailseq="sequence-picker"], first option
//   value "" ("No sequence"), then the sequences listed when the compose window opened;
// - a recipient that cannot be enrolled is shown in [data-mailseq="error"][role="alert"]
//   before Send, and a send made anyway goes out as a plain email (nothing is reported);
// - the page's own Send sends; the background confirms the send in Sent before enrolling,
//   so a send that fails is never enrolled.
// Choosing a sequence clicks the page's own Save (draft) button: the first draft save fixes
// the Message-ID the send will carry (NOTES §3), and the background reads it from the draft
// (ComposeArmed). Page data is only ever set with textContent.
(function () {
  'use strict';
  const rc = (globalThis.mailseqRoundcube = globalThis.mailseqRoundcube || {});
  const { q, page, request } = rc;
  const CHECK_DELAY_MS = 400;
  const DRAFT_WAIT_MS = 8000;

  function el(doc, tag, attrs, text) {
    const e = doc.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const keyOf = (recipients) => recipients.map((r) => `${r.email.toLowerCase()}|${r.name}`).join(',');

  // Clicks Save (draft) and waits for the draft uid: a new one, or, when the form had not
  // changed since an earlier save (Roundcube then saves nothing), the one already there.
  async function saveDraft(doc, signal) {
    const before = q('draftSaveId', doc)?.value || '';
    const button = q('saveDraft', doc);
    if (!button) return before;
    button.click();
    const start = Date.now();
    while (Date.now() - start < DRAFT_WAIT_MS && !signal.aborted) {
      await sleep(150);
      const now = q('draftSaveId', doc)?.value || '';
      if (now && now !== before) return now;
      if (before && Date.now() - start > 1500) return before;
    }
    return q('draftSaveId', doc)?.value || '';
  }

  function start(doc, account, signal) {
    const env = page.readEnv(doc) || {};
    const sendButton = q('sendButton', doc);
    if (!sendButton || doc.querySelector('[data-mailseq="enroll"]')) return;

    const box = el(doc, 'span', { class: 'mailseq-rc' });
    const button = el(doc, 'button', { type: 'button', class: 'btn btn-secondary mailseq-rc-enroll', 'data-mailseq': 'enroll' }, 'Sequence…');
    const picker = el(doc, 'select', { class: 'custom-select mailseq-rc-picker', 'data-mailseq': 'sequence-picker', 'aria-label': 'mailseq sequence', hidden: '' });
    picker.append(el(doc, 'option', { value: '' }, 'No sequence'));
    const error = el(doc, 'div', { class: 'mailseq-rc-error', 'data-mailseq': 'error', role: 'alert', hidden: '' });
    const status = el(doc, 'span', { class: 'mailseq-rc-status', 'aria-live': 'polite' });
    box.append(button, picker, status, error);
    sendButton.after(box);

    const state = { armed: null, messageId: null, draftUid: '', check: null, unavailable: null, timer: 0 };

    const showError = (text) => {
      error.textContent = text || '';
      error.hidden = !text;
    };
    const showStatus = (text) => {
      status.textContent = text || '';
    };

    // The sequences that exist when the compose window opens (contract).
    request({ type: 'listSequences', account }).then((answer) => {
      if (answer.type === 'sequences') {
        for (const s of answer.sequences) picker.append(el(doc, 'option', { value: s.id }, s.name));
        if (!answer.enabled) state.unavailable = answer.reason || 'mailseq cannot enroll right now.';
      } else state.unavailable = answer.message || 'mailseq is not available.';
    });

    button.addEventListener(
      'click',
      () => {
        picker.hidden = false;
        picker.focus?.();
        if (state.unavailable) showError(state.unavailable);
      },
      { signal },
    );

    async function check() {
      if (!state.armed) return;
      const recipients = page.recipients(doc);
      const key = keyOf(recipients);
      if (recipients.length === 0) {
        state.check = null;
        showError('');
        return;
      }
      const sequenceId = state.armed;
      const answer = await request({ type: 'checkEnroll', account, sequenceId, recipients });
      if (state.armed !== sequenceId) return;
      const refusal = answer.type === 'enrollCheck' ? answer.error : answer.message || 'mailseq could not check the recipients.';
      state.check = { key, error: refusal || null };
      showError(refusal || '');
    }

    function checkSoon() {
      clearTimeout(state.timer);
      if (state.armed) state.timer = setTimeout(check, CHECK_DELAY_MS);
    }

    picker.addEventListener(
      'change',
      async () => {
        const sequenceId = picker.value;
        state.armed = sequenceId || null;
        state.check = null;
        state.messageId = null;
        showError('');
        showStatus('');
        if (!sequenceId) return;
        await check();
        state.draftUid = await saveDraft(doc, signal);
        if (!state.draftUid || state.armed !== sequenceId) return;
        const answer = await request({
          type: 'composeArmed',
          account,
          draftUid: state.draftUid,
          composeId: page.composeState(doc, env).composeId || undefined,
        });
        if (answer.type === 'armed') state.messageId = answer.messageId || null;
        showStatus(state.armed ? 'Sequence armed: Send enrolls this email' : '');
      },
      { signal },
    );

    // Recipients change in the widget (chips added or removed) or in the hidden textarea.
    const widget = q('toWidget', doc);
    if (widget) {
      const mo = new MutationObserver(checkSoon);
      mo.observe(widget, { childList: true, subtree: true });
      signal.addEventListener('abort', () => mo.disconnect());
    }
    q('toValue', doc)?.addEventListener('change', checkSoon, { signal });
    q('toTyping', doc)?.addEventListener('blur', checkSoon, { signal });

    // Send: the capture phase runs before Roundcube's own handler, and nothing here stops it.
    function onSendClick(event) {
      const target = event.target && typeof event.target.closest === 'function' ? event.target : null;
      const sel = [...rc.SELECTORS.sendButton.selectors, ...rc.SELECTORS.sendClone.selectors].join(',');
      if (!state.armed || !target || !target.closest(sel)) return;
      const form = page.composeState(doc, env);
      // A refused check means a plain email: nothing is reported, nothing is enrolled.
      if (state.check && state.check.key === keyOf(form.recipients) && state.check.error) return;
      if (!form.identity || form.recipients.length === 0) return;
      const hint = { composeId: form.composeId || undefined, messageId: state.messageId || undefined };
      request({
        type: 'composeSent',
        account,
        sequenceId: state.armed,
        identity: form.identity,
        recipients: form.recipients,
        subject: form.subject,
        body: form.body,
        hint,
      }).then((answer) => {
        // Only seen when the page is still here, i.e. the send did not go through.
        if (answer.type === 'error') showError(answer.message);
      });
    }
    doc.addEventListener('click', onSendClick, { capture: true, signal });
    signal.addEventListener('abort', () => {
      clearTimeout(state.timer);
      box.remove();
    });
  }

  rc.compose = Object.freeze({ start, saveDraft });
})();
