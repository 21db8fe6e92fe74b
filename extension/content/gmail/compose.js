// One Gmail compose (new-message dialog or inline reply): mailseq's control next to Send,
// arming a sequence, checking the recipients, and reporting the send. The contract
// (DESIGN.md, "Compose window"):
// - button[data-mailseq="enroll"] shows select[data-mailseq="sequence-picker"], first option
//   value "" ("No sequence"), then the sequences listed when the compose opened;
// - recipients that cannot be enrolled show in [data-mailseq="error"][role="alert"] before
//   Send, and a send made anyway is a plain email (nothing is reported);
// - Gmail's own Send sends. The background confirms the send through the API (a SENT message
//   in history, over Gmail's Undo Send window) before it enrolls, so an undone or failed send
//   is never enrolled.
// Send is seen as InboxSDK sees "presending" (NOTES §1): in the capture phase on the compose,
// a click in Send, Enter/Space on Send, or Ctrl/Cmd+Enter anywhere in the compose. Nothing
// here stops Gmail's own handling. Page data is only ever written with textContent.
(function () {
  'use strict';
  const gm = (globalThis.mailseqGmail = globalThis.mailseqGmail || {});
  const { q, page, request } = gm;
  const CHECK_DELAY_MS = 400;
  const PRESEND_GAP_MS = 3000;

  function el(doc, tag, attrs, text) {
    const e = doc.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  const keyOf = (recipients) => recipients.map((r) => r.email.toLowerCase()).sort().join(',');

  // Places the control in `root`. Returns false when Gmail's Send button is not there (yet);
  // the driver then tries again, and reports the control as unavailable after a while.
  function start(root, ctx) {
    const { doc, account, signal, notify } = ctx;
    const send = q('sendButton', root);
    if (!send) return false;
    if (root.querySelector('[data-mailseq="enroll"]')) return true;
    const group = q('sendOptionsButton', root)?.parentElement || send.parentElement;

    const box = el(doc, 'div', { class: 'mailseq-gm' });
    const button = el(doc, 'button', { type: 'button', class: 'mailseq-gm-enroll', 'data-mailseq': 'enroll', 'aria-haspopup': 'listbox' }, 'Sequence');
    const picker = el(doc, 'select', { class: 'mailseq-gm-picker', 'data-mailseq': 'sequence-picker', 'aria-label': 'mailseq sequence', hidden: '' });
    picker.append(el(doc, 'option', { value: '' }, 'No sequence'));
    const status = el(doc, 'span', { class: 'mailseq-gm-status', 'aria-live': 'polite' });
    const error = el(doc, 'div', { class: 'mailseq-gm-error', 'data-mailseq': 'error', role: 'alert', hidden: '' });
    box.append(button, picker, status, error);
    group.after(box);

    const state = { armed: null, check: null, unavailable: null, timer: 0, sentAt: 0 };
    const showError = (text) => {
      error.textContent = text || '';
      error.hidden = !text;
    };

    // The sequences that exist when the compose opens (contract).
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
      const recipients = page.recipients(root);
      const key = keyOf(recipients);
      const sequenceId = state.armed;
      const answer = await request({ type: 'checkEnroll', account, sequenceId, recipients });
      if (state.armed !== sequenceId) return;
      const refusal = answer.type === 'enrollCheck' ? answer.error : answer.message || 'mailseq could not check the recipients.';
      state.check = { key, error: refusal || null };
      showError(refusal || '');
      status.textContent = refusal ? '' : 'Send enrolls this email';
    }
    const checkSoon = () => {
      clearTimeout(state.timer);
      if (state.armed) state.timer = setTimeout(check, CHECK_DELAY_MS);
    };

    picker.addEventListener(
      'change',
      () => {
        state.armed = picker.value || null;
        state.check = null;
        showError('');
        status.textContent = '';
        if (state.armed) check();
      },
      { signal },
    );

    // Recipient chips come and go as the user types.
    const to = root.querySelector('[name=to]') || root;
    const mo = new MutationObserver(checkSoon);
    mo.observe(to, { childList: true, subtree: true });
    signal.addEventListener('abort', () => mo.disconnect());
    root.addEventListener('focusout', checkSoon, { capture: true, signal });

    function presend() {
      // A click and its Enter, or a double click, are one send.
      if (!state.armed || Date.now() - state.sentAt < PRESEND_GAP_MS) return;
      const form = page.composeState(root, doc, location);
      // A refused check means a plain email: nothing is reported, nothing is enrolled.
      if (state.check && state.check.key === keyOf(form.recipients) && state.check.error) return;
      if (form.recipients.length === 0) return;
      const hint = { composeId: form.composeId || `mailseq-${Date.now()}` };
      if (form.threadId) hint.providerThreadId = form.threadId;
      const chosen = [...picker.querySelectorAll('option')].find((o) => o.value === picker.value);
      const sequenceName = chosen?.textContent || 'the sequence';
      state.sentAt = Date.now();
      notify(`mailseq: enrolling once Gmail has sent it (${sequenceName})…`);
      request({
        type: 'composeSent',
        account,
        sequenceId: picker.value,
        identity: form.identity,
        recipients: form.recipients,
        subject: form.subject,
        body: form.body,
        hint,
      }).then((answer) => {
        if (answer.type === 'enrolled') notify(`mailseq: enrolled in ${sequenceName}.`);
        else notify(`mailseq: ${answer.message || 'not enrolled.'}`, true);
      });
    }

    const inSend = (target) =>
      target && typeof target.closest === 'function' && gm.SELECTORS.sendButton.selectors.some((s) => target.closest(s));
    root.addEventListener('click', (e) => inSend(e.target) && presend(), { capture: true, signal });
    root.addEventListener(
      'keydown',
      (e) => {
        const modEnter = e.key === 'Enter' && (e.ctrlKey || e.metaKey);
        const onSend = (e.key === 'Enter' || e.key === ' ') && inSend(e.target);
        if (modEnter || onSend) presend();
      },
      { capture: true, signal },
    );
    signal.addEventListener('abort', () => {
      clearTimeout(state.timer);
      box.remove();
    });
    return true;
  }

  gm.compose = Object.freeze({ start });
})();
