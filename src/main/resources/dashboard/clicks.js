/*
 * Clicktrail dashboard, the panels fed by one /v1/click_stats call: clicks over time, top links and
 * bot share. Adds `clickStats` to window.Clicktrail.
 */
(function (ct) {
  'use strict';

  const { COLORS, CLASSIFICATIONS, FONT, label, num, pct, dayFormat, hourFormat } = ct;
  const { esc, clip, shortUrl, h, swatch, tipRow, api } = ct;
  const { chartEl, draw, setEmpty, baseOption, valueAxis, categoryAxis, pointsOf, axisTooltip } = ct;

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
          aria: { enabled: true },
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

  ct.clickStats = clickStats;
}(window.Clicktrail));
