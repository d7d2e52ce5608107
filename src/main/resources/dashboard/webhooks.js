/*
 * Clicktrail dashboard, the webhook health panel: each subscription's status and the outcomes of its
 * latest delivery attempts. Adds `webhooks` to window.Clicktrail.
 */
(function (ct) {
  'use strict';

  const { COLORS, label, num, dateTimeFormat, clip, h, api, apiList } = ct;
  const { draw, setEmpty, baseOption, valueAxis, categoryAxis, pointsOf, axisTooltip } = ct;

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

  ct.webhooks = webhooks;
}(window.Clicktrail));
