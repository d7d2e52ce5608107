/*
 * Clicktrail dashboard, the ad attribution panel: what each Click-to-WhatsApp ad's conversations led
 * to, from /v1/attribution. Adds `attribution` to window.Clicktrail.
 */
(function (ct) {
  'use strict';

  const { label, num, esc, clip, tipRow, apiList } = ct;
  const { draw, setEmpty, baseOption, valueAxis, categoryAxis, pointsOf } = ct;

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

  ct.attribution = attribution;
}(window.Clicktrail));
