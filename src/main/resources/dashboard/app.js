/*
 * Clicktrail dashboard: one account's funnel, clicks, links, bots, ads, webhooks and live clicks.
 *
 * Vanilla JS, no build step. Sections: formatting, session (token), api, range, chart plumbing,
 * one section per panel, the live feed (fetch-based SSE), and start-up. Every chart container gets
 * data-chart-ready="true" and data-points="<n>" once drawn; every panel root carries data-state
 * (loading | ready | empty | error). The browser test relies on these attributes.
 */
(function () {
  'use strict';

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
      if (response.status === 401 && !token) app.expired(error.message);
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

  // ---------------------------------------------------------------- chart plumbing

  const charts = new Map(); // chart container → { chart, redraw }

  function panelEl(name) {
    return document.querySelector('[data-panel="' + name + '"]');
  }

  function chartEl(panel) {
    return panel.querySelector('[data-chart]');
  }

  /** The ECharts instance of a panel's chart container, created on first use. */
  function chartOf(panel) {
    const el = chartEl(panel);
    let entry = charts.get(el);
    if (!entry) {
      entry = { chart: echarts.init(el, null, { renderer: 'canvas' }), redraw: null, width: 0 };
      // tells the browser test the chart is drawn (animations done) at the container's width
      entry.chart.on('finished', () => { el.dataset.drawnWidth = String(el.clientWidth); });
      charts.set(el, entry);
      resizeObserver.observe(el);
    }
    return entry;
  }

  // Redraws in the next frame: resizing inside the observer's callback would loop it.
  const resizeObserver = new ResizeObserver((entries) => {
    const targets = entries.map((e) => [e.target, Math.round(e.contentRect.width)]);
    requestAnimationFrame(() => {
      for (const [target, width] of targets) {
        const entry = charts.get(target);
        if (!entry) continue;
        if (entry.redraw && width !== entry.width) {
          entry.width = width;
          entry.redraw();
        } else {
          entry.chart.resize();
        }
      }
    });
  });

  window.addEventListener('resize', () => {
    for (const { chart } of charts.values()) chart.resize();
  });

  /**
   * Draws a panel's chart: `optionFor(width)` returns an ECharts option for the container's width,
   * and `height` (a number of pixels, or a function of the width) sets the container's height when
   * given; both run again when the width changes. Marks the container ready with its number of
   * data points.
   */
  function draw(panel, points, optionFor, height) {
    setState(panel, 'ready');
    const el = chartEl(panel);
    const entry = chartOf(panel);
    entry.width = el.clientWidth;
    entry.redraw = () => {
      const width = el.clientWidth;
      if (height) el.style.height = (typeof height === 'function' ? height(width) : height) + 'px';
      entry.chart.resize();
      entry.chart.setOption(optionFor(width), { notMerge: true });
    };
    entry.redraw();
    el.dataset.chartReady = 'true';
    el.dataset.points = String(points);
  }

  /** The panel's state, plus a notice (empty state or error) when there is one. */
  function setState(panel, state, message) {
    panel.dataset.state = state;
    const notice = panel.querySelector('[data-role="notice"]');
    notice.hidden = !message;
    notice.textContent = message || '';
    notice.classList.toggle('error', state === 'error');
    if (state === 'empty' || state === 'error') {
      const el = chartEl(panel);
      el.dataset.chartReady = 'true';
      el.dataset.points = '0';
      const entry = charts.get(el);
      if (entry) entry.chart.clear();
    }
  }

  function setEmpty(panel, message) {
    setState(panel, 'empty', message);
  }

  function setError(panel, error) {
    setState(panel, 'error', error instanceof ApiError ? error.message : 'Something went wrong: ' + error);
    if (!(error instanceof ApiError)) console.warn(error);
  }

  function setLoading(panel) {
    panel.dataset.state = 'loading';
    const el = chartEl(panel);
    delete el.dataset.chartReady;
    delete el.dataset.points;
  }

  /** The parts shared by the cartesian charts. */
  function baseOption(extra) {
    return Object.assign({
      animationDuration: 400,
      textStyle: { fontFamily: FONT, color: COLORS.axis },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, left: 0, itemWidth: 10, itemHeight: 10, icon: 'roundRect', textStyle: { color: '#1f2933', fontFamily: FONT } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
    }, extra);
  }

  const valueAxis = (extra) => Object.assign({
    type: 'value',
    axisLabel: label({ formatter: (v) => num(v) }),
    splitLine: { lineStyle: { color: COLORS.grid } },
    minInterval: 1,
  }, extra);

  const categoryAxis = (data, extra) => Object.assign({
    type: 'category',
    data,
    axisTick: { show: false },
    axisLine: { lineStyle: { color: '#cbd2d9' } },
    axisLabel: label(),
  }, extra);

  function pointsOf(series) {
    return series.reduce((n, s) => n + s.data.length, 0);
  }

  /** An axis tooltip listing each series' value with thousands separators. */
  function axisTooltip(title) {
    return (params) => {
      const list = Array.isArray(params) ? params : [params];
      const head = title ? title(list[0]) : list[0].axisValueLabel;
      return '<b>' + esc(head) + '</b><br>' + list
        .map((p) => tipRow(p.color, p.seriesName, num(p.value)))
        .join('<br>');
    };
  }

  // ---------------------------------------------------------------- panel: template funnel

  const FUNNEL_METRICS = [
    { key: 'sent', label: 'Sent' },
    { key: 'delivered', label: 'Delivered' },
    { key: 'read', label: 'Read' },
    { key: 'clicked', label: 'Clicked' },
    { key: 'unique', label: 'Unique' },
  ];

  const MAX_CHARTED_TEMPLATES = 12;

  const funnel = {
    /** Each template's totals over the range. */
    async fetch(range, accountId) {
      const templates = await apiList('/v1/templates', { limit: 1000 });
      const rows = new Map(templates.map((t) => [t.id, {
        id: t.id, name: t.name, optedOut: !!t.cta_url_link_tracking_opted_out,
        sent: 0, delivered: 0, read: 0, clicked: 0, unique: 0,
      }]));
      for (let i = 0; i < templates.length; i += 10) {
        const ids = templates.slice(i, i + 10).map((t) => t.id);
        for (const point of await this.points(accountId, range, ids)) {
          this.add(rows.get(point.template_id), point);
        }
      }
      return [...rows.values()];
    },

    /** Every data point of one template_analytics query (≤ 10 templates), following paging. */
    async points(accountId, range, ids) {
      const points = [];
      let after = null;
      do {
        const params = {
          start: range.start,
          end: range.end,
          granularity: 'DAILY',
          metric_types: JSON.stringify(['SENT', 'DELIVERED', 'READ', 'CLICKED']),
          template_ids: JSON.stringify(ids),
        };
        if (after) params.after = after;
        const body = await api('/' + encodeURIComponent(accountId) + '/template_analytics', params);
        for (const group of body.data || []) points.push(...(group.data_points || []));
        after = body.paging && body.paging.cursors && body.paging.cursors.after;
      } while (after);
      return points;
    },

    /** Adds one day's data point to a template's totals. */
    add(row, point) {
      if (!row) return;
      row.sent += point.sent || 0;
      row.delivered += point.delivered || 0;
      row.read += point.read || 0;
      for (const c of point.clicked || []) {
        if (c.type === 'unique_url_button') row.unique += c.count || 0;
        else row.clicked += c.count || 0; // url_button and quick_reply_button
      }
    },

    render(panel, rows, range) {
      panel.dataset.start = String(range.start);
      panel.dataset.end = String(range.end);
      panel.dataset.days = String(range.days);
      const totals = { sent: 0, delivered: 0, read: 0, clicked: 0, unique: 0 };
      for (const r of rows) for (const k of Object.keys(totals)) totals[k] += r[k];
      this.renderKpis(panel, totals);
      this.renderTable(panel, rows);
      if (rows.length === 0) {
        setEmpty(panel, 'No templates yet. Register one with PUT /v1/templates/{id}.');
        return;
      }
      if (totals.sent + totals.delivered + totals.read + totals.clicked === 0) {
        setEmpty(panel, 'No template messages in this range.');
        return;
      }
      // the chart keeps the templates with most messages; the table lists them all
      const charted = rows.slice().sort((a, b) => b.sent - a.sent).slice(0, MAX_CHARTED_TEMPLATES);
      const names = charted.map((r) => r.name);
      const series = FUNNEL_METRICS.map((m) => ({
        name: m.label,
        type: 'bar',
        barMaxWidth: 28,
        barGap: '8%',
        itemStyle: { color: COLORS[m.key], borderRadius: [3, 3, 0, 0] },
        emphasis: { focus: 'series' },
        data: charted.map((r) => ((m.key === 'clicked' || m.key === 'unique') && r.optedOut ? null : r[m.key])),
      }));
      const points = series.reduce((n, s) => n + s.data.filter((v) => v !== null).length, 0);
      draw(panel, points, (width) => baseOption({
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          confine: true,
          formatter: (params) => {
            const row = charted[params[0].dataIndex];
            return '<b>' + esc(row.name) + '</b><br>' + params.map((p) => tipRow(p.color, p.seriesName,
              p.value === null || p.value === undefined ? 'not tracked'
                : num(p.value) + (p.seriesIndex > 0 ? '  (' + pct(p.value, row.sent) + ' of sent)' : ''))).join('<br>');
          },
        },
        xAxis: categoryAxis(names, {
          axisLabel: label({
            interval: 0,
            rotate: names.length * 110 > width ? 30 : 0,
            formatter: (v) => clip(v, width < 500 ? 12 : 24),
          }),
        }),
        yAxis: valueAxis(),
        series,
      }));
    },

    renderKpis(panel, totals) {
      const box = panel.querySelector('[data-role="kpis"]');
      // clicks count on the day they happen, possibly for messages sent before the range, so
      // every rate is of the messages sent in the range
      const rates = {
        delivered: pct(totals.delivered, totals.sent) + ' of sent',
        read: pct(totals.read, totals.sent) + ' of sent',
        clicked: 'url + quick reply',
        unique: pct(totals.unique, totals.sent) + ' of sent',
      };
      box.replaceChildren(...FUNNEL_METRICS.map((m) => h('div', { class: 'kpi' },
        h('span', { class: 'kpi-label' }, swatch(COLORS[m.key]), m.label),
        h('span', { class: 'kpi-value', 'data-metric': m.key, 'data-value': totals[m.key] }, num(totals[m.key])),
        h('span', { class: 'kpi-rate' }, rates[m.key] || '\u00a0'))));
    },

    renderTable(panel, rows) {
      const body = panel.querySelector('[data-role="templates"] tbody');
      body.replaceChildren(...rows.map((r) => h('tr', { 'data-template-id': r.id, 'data-opted-out': String(r.optedOut) },
        h('td', null, r.name, r.optedOut ? h('span', { class: 'tag', title: 'cta link tracking opted out' }, 'not tracked') : null),
        FUNNEL_METRICS.map((m) => {
          const untracked = r.optedOut && (m.key === 'clicked' || m.key === 'unique');
          return h('td', { 'data-metric': m.key, 'data-value': r[m.key], 'data-label': m.label }, untracked ? '—' : num(r[m.key]));
        }))));
    },
  };

  // ---------------------------------------------------------------- panels fed by /v1/click_stats

  const clickStats = {
    panels: ['clicks-over-time', 'top-links', 'bot-share'],

    /** Hourly for a week (up to the current hour), daily otherwise. */
    fetch(range) {
      const hourly = range.days <= 7;
      const nextHour = Math.ceil(Date.now() / 3600000) * 3600;
      return api('/v1/click_stats', {
        since: range.start,
        until: hourly ? Math.min(range.end, nextHour) : range.end,
        granularity: hourly ? 'HOUR' : 'DAY',
        limit: 10,
      });
    },

    render(panels, stats) {
      clicksOverTime.render(panels[0], stats);
      topLinks.render(panels[1], stats.top_links || []);
      botShare.render(panels[2], stats);
    },
  };

  const clicksOverTime = {
    render(panel, stats) {
      const totals = stats.totals || {};
      const kpis = panel.querySelector('[data-role="kpis"]');
      kpis.replaceChildren(
        h('div', { class: 'kpi' }, h('span', { class: 'kpi-label' }, 'All clicks'),
          h('span', { class: 'kpi-value', 'data-metric': 'clicks', 'data-value': totals.clicks || 0 }, num(totals.clicks))),
        ...CLASSIFICATIONS.map((c) => h('div', { class: 'kpi' },
          h('span', { class: 'kpi-label' }, swatch(COLORS[c]), c),
          h('span', { class: 'kpi-value', 'data-metric': c, 'data-value': totals[c] || 0 }, num(totals[c])),
          h('span', { class: 'kpi-rate' }, pct(totals[c] || 0, totals.clicks || 0)))));
      const timeline = stats.timeline || [];
      if (!totals.clicks || timeline.length === 0) {
        setEmpty(panel, 'No clicks in this range.');
        return;
      }
      const hourly = String(stats.granularity).toUpperCase() === 'HOUR';
      const labels = timeline.map((b) => (hourly ? hourFormat : dayFormat).format(new Date(b.start * 1000)));
      const series = CLASSIFICATIONS.map((c) => ({
        name: c,
        type: 'bar',
        stack: 'clicks',
        barMaxWidth: 22,
        itemStyle: { color: COLORS[c] },
        emphasis: { focus: 'series' },
        data: timeline.map((b) => b[c] || 0),
      }));
      draw(panel, pointsOf(series), () => baseOption({
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true, formatter: axisTooltip() },
        xAxis: categoryAxis(labels, { axisLabel: label({ hideOverlap: true }) }),
        yAxis: valueAxis(),
        series,
      }));
    },
  };

  const topLinks = {
    render(panel, links) {
      if (links.length === 0) {
        setEmpty(panel, 'No clicked links in this range.');
        return;
      }
      const rows = links.slice().reverse(); // the largest at the top of a horizontal bar chart
      const series = [
        { name: 'human', key: (l) => l.human_clicks || 0, color: COLORS.human },
        { name: 'not human', key: (l) => Math.max(0, (l.clicks || 0) - (l.human_clicks || 0)), color: COLORS.notHuman },
      ].map((s) => ({
        name: s.name,
        type: 'bar',
        stack: 'clicks',
        barMaxWidth: 18,
        itemStyle: { color: s.color },
        data: rows.map(s.key),
      }));
      const height = Math.max(240, rows.length * 30 + 60);
      draw(panel, rows.length, (width) => baseOption({
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          confine: true,
          formatter: (params) => {
            const l = rows[params[0].dataIndex];
            return '<b>' + esc(clip(l.url, 80)) + '</b><br>'
              + tipRow(COLORS.human, 'human', num(l.human_clicks)) + '<br>'
              + tipRow('#1f2933', 'all clicks', num(l.clicks));
          },
        },
        xAxis: valueAxis({ splitNumber: 3 }),
        yAxis: categoryAxis(rows.map((l) => shortUrl(l.url, width < 500 ? 22 : 34)), { axisLabel: label({ interval: 0 }) }),
        series,
      }), height);
    },
  };

  const botShare = {
    render(panel, stats) {
      const totals = stats.totals || {};
      if (!totals.clicks) {
        setEmpty(panel, 'No clicks in this range.');
        return;
      }
      const slices = CLASSIFICATIONS
        .map((c) => ({ name: c, value: totals[c] || 0, itemStyle: { color: COLORS[c] } }))
        .filter((s) => s.value > 0);
      const reasons = (stats.reasons || [])
        .slice()
        .sort((a, b) => b.clicks - a.clicks)
        .slice(0, 8)
        .reverse();
      const points = slices.length + reasons.length;
      draw(panel, points, (width) => {
        const wide = width >= 460;
        const height = chartEl(panel).clientHeight;
        const center = wide ? [width * 0.2, height / 2] : [width / 2, 110];
        const outer = wide ? Math.min(width * 0.18, height * 0.32) : 88;
        const centerText = (text, dy, style) => ({
          type: 'text', x: center[0], y: center[1] + dy, silent: true,
          style: Object.assign({ text, textAlign: 'center', textVerticalAlign: 'middle', fontFamily: FONT }, style),
        });
        return {
          animationDuration: 400,
          textStyle: { fontFamily: FONT, color: COLORS.axis },
          tooltip: { trigger: 'item', confine: true },
          graphic: [
            centerText(pct((totals.bot || 0) + (totals.prefetch || 0), totals.clicks), -8,
              { fontSize: 18, fontWeight: 600, fill: '#1f2933' }),
            centerText('not human', 12, { fontSize: 11, fill: COLORS.axis }),
          ],
          grid: wide
            ? { left: '42%', right: 16, top: 16, bottom: 8, containLabel: true }
            : { left: 8, right: 16, top: 220, bottom: 8, containLabel: true },
          xAxis: valueAxis({ splitNumber: 3 }),
          yAxis: categoryAxis(reasons.map((r) => clip(r.reason, wide ? 22 : 28)), { axisLabel: label({ interval: 0 }) }),
          series: [
            {
              name: 'Clicks',
              type: 'pie',
              radius: [outer * 0.66, outer],
              center,
              avoidLabelOverlap: true,
              label: { show: false },
              tooltip: { formatter: (p) => tipRow(p.color, p.name, num(p.value) + ' (' + p.percent + '%)') },
              data: slices,
            },
            {
              name: 'Reason',
              type: 'bar',
              barMaxWidth: 16,
              tooltip: {
                formatter: (p) => {
                  const r = reasons[p.dataIndex];
                  return tipRow(p.color, r.reason + ' (' + r.classification + ')', num(r.clicks));
                },
              },
              data: reasons.map((r) => ({ value: r.clicks, itemStyle: { color: COLORS[r.classification] || COLORS.prefetch } })),
            },
          ],
        };
      }, (width) => (width < 460 ? 240 + Math.max(3, reasons.length) * 30 : 320));
    },
  };

  // ---------------------------------------------------------------- panel: ad attribution

  const ATTRIBUTION_METRICS = [
    { key: 'conversations', label: 'Conversations', color: '#0f766e' },
    { key: 'replies', label: 'Replies', color: '#2dd4bf' },
    { key: 'messages_sent', label: 'Messages sent after', color: '#a78bfa' },
    { key: 'clicks', label: 'Their clicks', color: '#6d28d9' },
  ];

  const attribution = {
    fetch(range) {
      return apiList('/v1/attribution', { since: range.start, until: range.end, limit: 100 }, 3);
    },

    render(panel, ads) {
      if (ads.length === 0) {
        setEmpty(panel, 'No Click-to-WhatsApp ad started a conversation in this range.');
        return;
      }
      const rows = ads
        .slice()
        .sort((a, b) => (a.conversations || 0) - (b.conversations || 0))
        .slice(-10);
      const name = (a) => a.headline || a.source_id;
      const series = ATTRIBUTION_METRICS.map((m) => ({
        name: m.label,
        type: 'bar',
        barMaxWidth: 12,
        barGap: '10%',
        itemStyle: { color: m.color, borderRadius: [0, 2, 2, 0] },
        data: rows.map((a) => a[m.key] || 0),
      }));
      const height = Math.max(260, rows.length * 76 + 70);
      draw(panel, pointsOf(series), (width) => baseOption({
        grid: { left: 8, right: 16, top: width < 440 ? 58 : 36, bottom: 8, containLabel: true },
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          confine: true,
          formatter: (params) => {
            const a = rows[params[0].dataIndex];
            return '<b>' + esc(clip(name(a), 60)) + '</b><br><span style="color:#616e7c">ad '
              + esc(a.source_id) + (a.source_type ? ' · ' + esc(a.source_type) : '') + '</span><br>'
              + params.map((p) => tipRow(p.color, p.seriesName, num(p.value))).join('<br>');
          },
        },
        xAxis: valueAxis({ splitNumber: 3 }),
        yAxis: categoryAxis(rows.map((a) => clip(name(a), width < 500 ? 16 : 26)), { axisLabel: label({ interval: 0 }) }),
        series,
      }), height);
    },
  };

  // ---------------------------------------------------------------- panel: webhook health

  const OUTCOMES = [
    { key: 'ok', label: 'Delivered (2xx)', color: COLORS.ok },
    { key: 'httpError', label: 'Error status', color: COLORS.httpError },
    { key: 'noAnswer', label: 'No answer', color: COLORS.noAnswer },
  ];

  const webhooks = {
    /** Up to eight subscriptions, each with its last 100 deliveries summarized. */
    async fetch() {
      const subs = await apiList('/v1/webhooks', { limit: 100 }, 1);
      return Promise.all(subs.slice(0, 8).map(async (s) => {
        const deliveries = await api('/v1/webhooks/' + encodeURIComponent(s.id) + '/deliveries', { limit: 100 });
        return this.summarize(s, deliveries.data || []);
      }));
    },

    render(panel, rows) {
      const list = panel.querySelector('[data-role="subscriptions"]');
      this.renderList(list, rows);
      if (rows.length === 0) {
        setEmpty(panel, 'No webhook subscriptions. Add one with POST /v1/webhooks.');
        return;
      }
      const attempts = rows.reduce((n, r) => n + r.ok + r.httpError + r.noAnswer, 0);
      if (attempts === 0) {
        setEmpty(panel, 'No delivery attempts yet.');
        return;
      }
      const shown = rows.slice().reverse();
      const series = OUTCOMES.map((o) => ({
        name: o.label,
        type: 'bar',
        stack: 'attempts',
        barMaxWidth: 22,
        itemStyle: { color: o.color },
        data: shown.map((r) => r[o.key]),
      }));
      const height = Math.max(170, shown.length * 46 + 70);
      draw(panel, pointsOf(series), (width) => baseOption({
        grid: { left: 8, right: 16, top: width < 400 ? 58 : 36, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true, formatter: axisTooltip((p) => shown[p.dataIndex].name) },
        xAxis: valueAxis({ splitNumber: 3 }),
        yAxis: categoryAxis(shown.map((r) => clip(r.name, width < 500 ? 16 : 24)), { axisLabel: label({ interval: 0 }) }),
        series,
      }), height);
    },

    /** Counts a subscription's recent attempts by outcome and finds its latest. */
    summarize(sub, deliveries) {
      const row = { id: sub.id, name: sub.description || hostOf(sub.url), sub, ok: 0, httpError: 0, noAnswer: 0, last: null, pending: 0 };
      for (const d of deliveries) {
        if (d.status === 'pending') row.pending++;
        for (const a of d.attempts || []) {
          if (a.succeeded) row.ok++;
          else if (a.http_status !== null && a.http_status !== undefined) row.httpError++;
          else row.noAnswer++;
          if (!row.last || a.time > row.last.time) row.last = a;
        }
      }
      return row;
    },

    renderList(list, rows) {
      list.replaceChildren(...rows.map((r) => {
        const status = r.sub.status || 'unknown';
        const last = r.last;
        const result = !last ? 'no attempts yet'
          : last.succeeded ? 'HTTP ' + last.http_status + ' in ' + num(last.latency_ms) + ' ms'
          : last.http_status ? 'HTTP ' + last.http_status
          : (last.error || 'no answer');
        const when = last ? 'last attempt ' + dateTimeFormat.format(new Date(last.time * 1000)) + ': ' : '';
        return h('li', { class: 'sub', 'data-subscription-id': r.id, 'data-status': status },
          h('span', { class: 'badge ' + status }, status),
          h('span', { class: 'sub-name', title: r.sub.url }, r.name),
          h('span', { class: 'sub-detail' }, r.sub.format + ' · ' + when + result
            + (r.pending ? ' · ' + num(r.pending) + ' pending' : '')));
      }));
    },
  };

  function hostOf(url) {
    try {
      return new URL(url).host;
    } catch (e) {
      return String(url);
    }
  }

  // ---------------------------------------------------------------- panel: live click feed

  /** Parses a text/event-stream incrementally (the WHATWG rules EventSource follows). */
  class SseParser {
    constructor(onEvent, onRetry) {
      this.onEvent = onEvent;
      this.onRetry = onRetry;
      this.buffer = '';
      this.data = [];
      this.type = '';
      this.lastId = '';
    }

    push(text) {
      this.buffer += text;
      let m;
      while ((m = /\r\n|\r|\n/.exec(this.buffer)) !== null) {
        if (m[0] === '\r' && m.index === this.buffer.length - 1) break; // may be half of \r\n
        const line = this.buffer.slice(0, m.index);
        this.buffer = this.buffer.slice(m.index + m[0].length);
        this.line(line);
      }
    }

    line(line) {
      if (line === '') {
        this.dispatch();
        return;
      }
      if (line.startsWith(':')) return; // a comment (keep-alive)
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') this.data.push(value);
      else if (field === 'event') this.type = value;
      else if (field === 'id' && !value.includes('\0')) this.lastId = value;
      else if (field === 'retry' && /^\d+$/.test(value)) this.onRetry(Number(value));
    }

    dispatch() {
      const data = this.data;
      const type = this.type || 'message';
      this.data = [];
      this.type = '';
      if (data.length === 0) return;
      this.onEvent({ type, data: data.join('\n'), id: this.lastId });
    }
  }

  const BUCKET_MS = 10000;
  const BUCKETS = 30;
  const FEED_MAX = 30;

  const live = {
    generation: 0,
    controller: null,
    retryMs: 2000,
    lastEventId: '',
    seen: new Set(),
    clicks: [], // { at, classification } of the last BUCKETS × BUCKET_MS
    timer: null,
    connectedAt: 0,

    start() {
      this.stop();
      const generation = ++this.generation;
      this.panel = panelEl('live-feed');
      this.lastEventId = '';
      this.seen = new Set();
      this.clicks = [];
      this.panel.querySelector('[data-role="feed"]').replaceChildren();
      this.panel.querySelector('[data-role="feed-empty"]').hidden = false;
      this.drawChart();
      this.timer = setInterval(() => this.drawChart(), 2000);
      this.run(generation);
    },

    stop() {
      this.generation++;
      if (this.controller) this.controller.abort();
      this.controller = null;
      clearInterval(this.timer);
      this.timer = null;
    },

    setStatus(state, text) {
      this.panel.dataset.live = state;
      this.panel.querySelector('[data-role="live-status"]').textContent = text;
    },

    /** Reads the stream, reconnecting with backoff (starting from the server's retry:). */
    async run(generation) {
      let failures = 0;
      while (generation === this.generation) {
        const controller = new AbortController();
        this.controller = controller;
        try {
          await this.connect(controller, () => { failures = 0; });
          if (generation !== this.generation) return;
          this.setStatus('reconnecting', 'Stream ended; reconnecting…');
        } catch (e) {
          if (generation !== this.generation) return;
          failures++;
          if (e instanceof ApiError && e.status === 401) {
            app.expired(e.message);
            return;
          }
          this.setStatus(failures > 3 ? 'error' : 'reconnecting', 'Reconnecting… (' + e.message + ')');
        }
        const backoff = Math.min(30000, this.retryMs * Math.pow(2, Math.min(failures, 5)));
        await new Promise((resolve) => setTimeout(resolve, failures ? backoff * (0.8 + Math.random() * 0.4) : this.retryMs));
      }
    },

    async connect(controller, onOpen) {
      const headers = { Authorization: 'Bearer ' + session.token, Accept: 'text/event-stream' };
      if (this.lastEventId) headers['Last-Event-ID'] = this.lastEventId;
      let response;
      try {
        response = await fetch('/v1/live/clicks', { headers, signal: controller.signal, cache: 'no-store' });
      } catch (e) {
        throw new ApiError(0, e.name === 'AbortError' ? 'stopped' : 'the server cannot be reached');
      }
      if (!response.ok || !response.body) throw await errorOf(response);
      onOpen();
      this.connectedAt = Date.now();
      this.setStatus('connected', 'Live');
      this.markReady();
      const parser = new SseParser(
        (event) => {
          this.lastEventId = event.id;
          if (event.type === 'click') this.onClick(event.data);
        },
        (ms) => { this.retryMs = Math.max(500, ms); });
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.push(decoder.decode(value, { stream: true }));
        }
      } catch (e) {
        throw new ApiError(0, e.name === 'AbortError' ? 'stopped' : 'connection lost');
      }
    },

    onClick(data) {
      let click;
      try {
        click = JSON.parse(data);
      } catch (e) {
        console.warn('live feed: a click event that is not JSON', data);
        return;
      }
      if (!click.click_id || this.seen.has(click.click_id)) return;
      this.seen.add(click.click_id);
      if (this.seen.size > 1000) this.seen = new Set([...this.seen].slice(-500));
      this.clicks.push({ at: click.clicked_at || Date.now(), classification: click.classification });
      this.prepend(click);
      this.drawChart();
    },

    prepend(click) {
      const feed = this.panel.querySelector('[data-role="feed"]');
      const cls = CLASSIFICATIONS.includes(click.classification) ? click.classification : 'prefetch';
      const at = new Date(click.clicked_at || Date.now());
      // the recent clicks a new stream replays come at once; only later ones are highlighted
      const fresh = Date.now() - this.connectedAt > 1000;
      const item = h('li', { 'data-click-id': click.click_id, 'data-classification': click.classification, class: fresh ? 'fresh' : null },
        h('time', { datetime: at.toISOString(), title: at.toString() },
          (at.toDateString() === new Date().toDateString() ? clockFormat : dateTimeFormat).format(at)),
        h('span', { class: 'badge ' + cls, title: click.reason || '' }, click.classification || 'unknown'),
        h('span', { class: 'url', title: click.url + (click.reason ? '\n' + click.reason : '') }, shortUrl(click.url || '', 80)));
      feed.prepend(item);
      while (feed.children.length > FEED_MAX) feed.lastElementChild.remove();
      this.panel.querySelector('[data-role="feed-empty"]').hidden = true;
    },

    /** Clicks per 10 s over the last five minutes, by classification. */
    drawChart() {
      if (!this.panel || document.getElementById('dashboard').hidden) return;
      const now = Date.now();
      const end = Math.floor(now / BUCKET_MS) * BUCKET_MS + BUCKET_MS;
      const first = end - BUCKETS * BUCKET_MS;
      this.clicks = this.clicks.filter((c) => c.at >= first);
      const counts = Object.fromEntries(CLASSIFICATIONS.map((c) => [c, new Array(BUCKETS).fill(0)]));
      for (const c of this.clicks) {
        const i = Math.min(BUCKETS - 1, Math.floor((c.at - first) / BUCKET_MS));
        (counts[c.classification] || counts.prefetch)[i]++;
      }
      const labels = Array.from({ length: BUCKETS }, (_, i) => clockFormat.format(new Date(first + i * BUCKET_MS)));
      const entry = chartOf(this.panel);
      entry.chart.setOption(baseOption({
        animation: false,
        grid: { left: 4, right: 8, top: 28, bottom: 4, containLabel: true },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true, formatter: axisTooltip() },
        xAxis: categoryAxis(labels, { axisLabel: label({ hideOverlap: true, fontSize: 10 }) }),
        yAxis: valueAxis({ splitNumber: 2 }),
        series: CLASSIFICATIONS.map((c) => ({
          name: c, type: 'bar', stack: 'live', barCategoryGap: '20%', itemStyle: { color: COLORS[c] }, data: counts[c],
        })),
      })); // merged, not replaced, so an open tooltip survives the refresh
    },

    markReady() {
      const el = chartEl(this.panel);
      el.dataset.chartReady = 'true';
      el.dataset.points = String(BUCKETS);
      this.panel.dataset.state = 'ready';
    },
  };

  // ---------------------------------------------------------------- the app

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

  document.addEventListener('DOMContentLoaded', () => app.start());
}());
