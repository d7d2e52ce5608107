/*
 * Clicktrail dashboard, the template funnel panel: sent → delivered → read → clicked per template,
 * summed from template_analytics over the range. Adds `funnel` to window.Clicktrail.
 */
(function (ct) {
  'use strict';

  const { COLORS, label, num, pct, esc, clip, h, swatch, tipRow, api, apiList } = ct;
  const { draw, setEmpty, baseOption, valueAxis, categoryAxis } = ct;

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

  ct.funnel = funnel;
}(window.Clicktrail));
