/*
 * Clicktrail dashboard, shared parts: palette and formatting, session (token), api, date range.
 *
 * Vanilla JS, no build step, no modules (each script's URL carries its own content hash, so
 * relative imports would break): the page loads the scripts in order with defer, and they share
 * window.Clicktrail, defined here. charts.js adds the chart plumbing, each panel script its panel,
 * app.js the start-up. Every chart container gets data-chart-ready="true" and data-points="<n>"
 * once drawn; every panel root carries data-state (loading | ready | empty | error). The browser
 * test relies on these attributes.
 */
(function () {
  'use strict';

  /** The namespace every dashboard script shares; app.js adds `app`, which api() calls on a 401. */
  const ct = {};
  window.Clicktrail = ct;

  // ---------------------------------------------------------------- palette and formatting

  /** One palette for every chart: human, bot and prefetch look the same everywhere. */
  const COLORS = {
    human: '#2563eb',
    bot: '#ea580c',
    prefetch: '#9ca3af',
    notHuman: '#fdba74', // bot and prefetch together
    sent: '#c7d2fe',
    delivered: '#818cf8',
    read: '#4f46e5',
    clicked: '#0d9488',
    unique: '#5eead4',
    ok: '#16a34a',
    httpError: '#dc2626',
    noAnswer: '#f59e0b',
    axis: '#616e7c',
    grid: '#eef0f3',
  };
  const CLASSIFICATIONS = ['human', 'bot', 'prefetch'];
  /** The page's font, named on every text ECharts measures (else labels are measured in another). */
  const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif';
  const label = (extra) => Object.assign({ color: COLORS.axis, fontFamily: FONT }, extra);
  const DAY = 86400;

  const numberFormat = new Intl.NumberFormat();
  const percentFormat = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
  const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const hourFormat = new Intl.DateTimeFormat(undefined, {
    month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  });
  const clockFormat = new Intl.DateTimeFormat(undefined, {
    hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
  });
  const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
    month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  });

  const num = (n) => numberFormat.format(n || 0);
  const pct = (part, whole) => (whole > 0 ? percentFormat.format(part / whole) : '–');

  /** Escapes text for the HTML that ECharts tooltips render. */
  function esc(value) {
    return String(value).replace(/[&<>"']/g, (c) => ({
      '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
    })[c]);
  }

  /** Shortens text for an axis label, keeping its start. */
  function clip(text, max) {
    const s = String(text);
    return s.length <= max ? s : s.slice(0, max - 1) + '…';
  }

  /** A URL as people read it: no scheme, clipped. */
  function shortUrl(url, max) {
    return clip(String(url).replace(/^https?:\/\//, '').replace(/^www\./, ''), max);
  }

  /** Creates an element with attributes and children (strings become text nodes). */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.className = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }

  function swatch(color) {
    const s = h('span', { class: 'swatch', 'aria-hidden': 'true' });
    s.style.background = color;
    return s;
  }

  /** A tooltip row: coloured marker, name, value. */
  function tipRow(color, name, value) {
    return '<span style="display:inline-block;width:9px;height:9px;border-radius:2px;margin-right:6px;background:'
      + color + '"></span>' + esc(name) + '&nbsp;&nbsp;<b>' + esc(value) + '</b>';
  }

  // ---------------------------------------------------------------- session

  const TOKEN_KEY = 'clicktrail.token';

  const session = {
    token: null,
    account: null,

    /** Moves ?access_token=… from the address bar into sessionStorage. */
    adoptUrlToken() {
      const url = new URL(window.location.href);
      const fromUrl = url.searchParams.get('access_token');
      if (fromUrl === null) return;
      url.searchParams.delete('access_token');
      window.history.replaceState(null, '', url.pathname + url.search + url.hash);
      if (fromUrl.trim() !== '') sessionStorage.setItem(TOKEN_KEY, fromUrl.trim());
    },
    stored() {
      return sessionStorage.getItem(TOKEN_KEY);
    },
    save(token) {
      this.token = token;
      sessionStorage.setItem(TOKEN_KEY, token);
    },
    clear() {
      this.token = null;
      this.account = null;
      sessionStorage.removeItem(TOKEN_KEY);
    },
  };

  // ---------------------------------------------------------------- api

  /** A failed call: the HTTP status and the Graph error message. */
  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.name = 'ApiError';
      this.status = status;
    }
  }

  async function errorOf(response) {
    let message = 'HTTP ' + response.status;
    try {
      const body = await response.json();
      if (body && body.error && body.error.message) message = body.error.message;
    } catch (ignored) {
      // not JSON: keep the status line
    }
    return new ApiError(response.status, message);
  }

  /** GET path with query params and the session's bearer token; JSON answer or ApiError. */
  async function api(path, params, token) {
    const query = params ? '?' + new URLSearchParams(params).toString() : '';
    let response;
    try {
      response = await fetch(path + query, {
        headers: { Authorization: 'Bearer ' + (token || session.token), Accept: 'application/json' },
        cache: 'no-store',
      });
    } catch (e) {
      throw new ApiError(0, 'the server cannot be reached (' + e.message + ')');
    }
    if (!response.ok) {
      const error = await errorOf(response);
      if (response.status === 401 && !token) ct.app.expired(error.message);
      throw error;
    }
    return response.json();
  }

  /** Every item of a paged /v1 list, following cursors up to maxPages pages. */
  async function apiList(path, params, maxPages) {
    const items = [];
    let after = null;
    for (let page = 0; page < (maxPages || 10); page++) {
      const body = await api(path, Object.assign({}, params, after ? { after } : {}));
      items.push(...(body.data || []));
      after = body.paging && body.paging.cursors && body.paging.cursors.after;
      if (!after) break;
    }
    return items;
  }

  // ---------------------------------------------------------------- date range

  /**
   * The last `days` UTC days including today, as unix seconds: start at 00:00 UTC, end at the next
   * 00:00 UTC. template_analytics snaps to the same days, so the page and the API agree, and the
   * start stays within a lookback of `days` days.
   */
  function rangeOf(days) {
    const now = Math.floor(Date.now() / 1000);
    const today = now - (now % DAY);
    return { days, start: today - (days - 1) * DAY, end: today + DAY };
  }

  Object.assign(ct, {
    COLORS, CLASSIFICATIONS, FONT, label,
    num, pct, dayFormat, hourFormat, clockFormat, dateTimeFormat,
    esc, clip, shortUrl, h, swatch, tipRow,
    session, ApiError, errorOf, api, apiList, rangeOf,
  });
}());
