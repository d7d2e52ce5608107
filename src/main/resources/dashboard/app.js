/*
 * Clicktrail dashboard, start-up: sign-in and sign-out, the date range, and loading every panel.
 * Runs last; adds `app` to window.Clicktrail and starts it once the page is parsed.
 */
(function (ct) {
  'use strict';

  const { session, api, rangeOf, panelEl, setLoading, setError } = ct;
  const { funnel, clickStats, attribution, webhooks, live } = ct;

  const app = {
    loading: 0,

    async start() {
      session.adoptUrlToken();
      document.getElementById('signin-form').addEventListener('submit', (e) => {
        e.preventDefault();
        const token = document.getElementById('token-input').value.trim();
        if (token) this.signIn(token);
      });
      document.getElementById('sign-out').addEventListener('click', () => this.signOut());
      document.getElementById('refresh').addEventListener('click', () => this.loadPanels());
      const range = document.getElementById('range');
      // the range is linkable: #days=7
      const linked = /(?:^#|&)days=(\d+)/.exec(window.location.hash);
      if (linked && [...range.options].some((o) => o.value === linked[1])) range.value = linked[1];
      range.addEventListener('change', () => {
        const url = new URL(window.location.href);
        url.hash = 'days=' + range.value;
        window.history.replaceState(null, '', url.pathname + url.search + url.hash);
        this.loadPanels();
      });
      if (typeof echarts === 'undefined') {
        this.showSignIn('The charting library did not load; reload the page.');
        return;
      }
      const stored = session.stored();
      if (stored) await this.signIn(stored);
      else this.showSignIn();
    },

    async signIn(token) {
      let me;
      try {
        me = await api('/v1/me', null, token);
      } catch (e) {
        if (e.status === 401 || e.status === 403) session.clear();
        this.showSignIn(e.status === 401 || e.status === 403
          ? 'That token was not accepted: ' + e.message
          : 'Cannot sign in: ' + e.message);
        return;
      }
      session.save(token);
      session.account = me;
      const account = document.getElementById('account-name');
      account.textContent = me.name || me.id;
      account.title = 'account ' + me.id;
      account.dataset.accountId = me.id;
      document.getElementById('token-input').value = '';
      document.getElementById('signin').hidden = true;
      document.getElementById('controls').hidden = false;
      document.getElementById('dashboard').hidden = false;
      document.title = (me.name || me.id) + ' · Clicktrail';
      live.start();
      await this.loadPanels();
    },

    showSignIn(message) {
      live.stop();
      document.getElementById('dashboard').hidden = true;
      document.getElementById('controls').hidden = true;
      document.getElementById('signin').hidden = false;
      const account = document.getElementById('account-name');
      account.textContent = '';
      account.dataset.accountId = '';
      document.title = 'Sign in · Clicktrail';
      const error = document.getElementById('signin-error');
      error.hidden = !message;
      error.textContent = message || '';
      document.getElementById('token-input').focus();
    },

    /** Forgets the token and starts afresh, so nothing of the account stays in the page. */
    signOut() {
      live.stop();
      session.clear();
      window.location.reload();
    },

    /** A call was refused with 401: the token was revoked or expired. */
    expired(message) {
      if (!session.token) return;
      session.clear();
      this.showSignIn('Signed out: ' + message);
    },

    /** Loads every panel but the live feed; answers that arrive after a newer load are dropped. */
    async loadPanels() {
      const id = ++this.loading;
      const days = Number(document.getElementById('range').value) || 30;
      const range = rangeOf(days);
      const account = session.account;
      const current = () => id === this.loading && account === session.account;
      const load = async (names, fetchData, render) => {
        const panels = names.map(panelEl);
        panels.forEach(setLoading);
        try {
          const data = await fetchData();
          if (current()) render(panels, data);
        } catch (e) {
          if (current()) panels.forEach((p) => setError(p, e));
        }
      };
      await Promise.all([
        load(['funnel'], () => funnel.fetch(range, account.id), ([p], rows) => funnel.render(p, rows, range)),
        load(clickStats.panels, () => clickStats.fetch(range), (ps, stats) => clickStats.render(ps, stats)),
        load(['attribution'], () => attribution.fetch(range), ([p], ads) => attribution.render(p, ads)),
        load(['webhooks'], () => webhooks.fetch(), ([p], rows) => webhooks.render(p, rows)),
      ]);
    },
  };

  ct.app = app;
  document.addEventListener('DOMContentLoaded', () => app.start());
}(window.Clicktrail));
