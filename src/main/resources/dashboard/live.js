/*
 * Clicktrail dashboard, the live click feed: /v1/live/clicks read with fetch and a stream reader (an
 * EventSource cannot send the bearer token), reconnecting with the server's retry: and
 * Last-Event-ID. Adds `live` to window.Clicktrail.
 */
(function (ct) {
  'use strict';

  const { COLORS, CLASSIFICATIONS, label, clockFormat, dateTimeFormat, shortUrl, h } = ct;
  const { session, ApiError, errorOf } = ct;
  const { panelEl, chartEl, chartOf, baseOption, valueAxis, categoryAxis, axisTooltip } = ct;

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
            ct.app.expired(e.message);
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

  ct.live = live;
}(window.Clicktrail));
