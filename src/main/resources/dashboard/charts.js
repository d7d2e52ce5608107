/*
 * Clicktrail dashboard, chart plumbing: one ECharts instance per panel chart, redrawn when its
 * container's width changes, and each panel's data-state (loading | ready | empty | error). Adds
 * draw, setEmpty, setError, setLoading and the shared chart options to window.Clicktrail.
 */
(function (ct) {
  'use strict';

  const { COLORS, FONT, label, num, esc, tipRow, ApiError } = ct;

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
      // ECharts writes a text description of the chart into the container's aria-label
      aria: { enabled: true },
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

  Object.assign(ct, {
    panelEl, chartEl, chartOf, draw, setEmpty, setError, setLoading,
    baseOption, valueAxis, categoryAxis, pointsOf, axisTooltip,
  });
}(window.Clicktrail));
