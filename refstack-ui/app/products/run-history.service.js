/**
 * runHistoryService: pass % of required tests of a product's runs over
 * time, per product version, and the SVG layout of the chart.
 */
(function () {
  'use strict';

  angular
    .module('refstack.products')
    .factory('runHistoryService', runHistoryService);

  runHistoryService.$inject = ['$q', 'resultsApi', 'guidelinesApi', 'reportService'];

  var COLORS = ['#0d6efd', '#198754', '#d63384', '#fd7e14', '#6f42c1', '#20c997', '#6c757d'];
  var MAX_RUNS = 20;

  function runHistoryService($q, resultsApi, guidelinesApi, reportService) {
    var service = {
      load: load,
      layout: layout,
      parseDate: parseDate,
    };
    return service;

    /** Server timestamps are naive UTC "YYYY-MM-DD HH:MM:SS". */
    function parseDate(value) {
      var match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value || '');
      return match ? Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4], +match[5], +match[6]) : NaN;
    }

    /**
     * Score the product's most recent runs (one page) against a guideline.
     * Resolves with [{runId, time, createdAt, version, percent, compliant}], oldest first.
     */
    function load(productId, file, target) {
      return $q.all([
        resultsApi.list({ page: 1, productId: productId }),
        guidelinesApi.get(file),
      ]).then(function scoreAll(data) {
        var runs = ((data[0] && data[0].results) || []).slice(0, MAX_RUNS);
        var doc = data[1];
        return $q.all(runs.map(function scoreRun(item) {
          return resultsApi.get(item.id).then(function detail(run) {
            return reportService.build(run, doc, file, target);
          }).then(function point(report) {
            return {
              runId: item.id,
              createdAt: item.created_at,
              time: parseDate(item.created_at),
              version: item.product_version && item.product_version.version || '(default)',
              percent: report.required.passPercent,
              compliant: report.hasRequiredTests ? report.compliant : null,
            };
          }, function skipped() {
            return null;
          });
        }));
      }).then(function clean(points) {
        return points.filter(function valid(p) {
          return p && isFinite(p.time) && typeof p.percent === 'number';
        }).sort(function byTime(a, b) {
          return a.time - b.time;
        });
      });
    }

    /**
     * Chart geometry for points in a width x height box:
     * {series: [{version, color, path, points: [{x, y, point}]}], yTicks, xLabels}.
     */
    function layout(points, width, height) {
      var pad = { left: 40, right: 10, top: 10, bottom: 30 };
      var innerW = width - pad.left - pad.right;
      var innerH = height - pad.top - pad.bottom;
      var times = points.map(function time(p) {
        return p.time;
      });
      var min = Math.min.apply(null, times);
      var max = Math.max.apply(null, times);
      var span = max - min || 1;
      function x(time) {
        if (points.length > 1 && max !== min) {
          return pad.left + (time - min) / span * innerW;
        }
        return pad.left + innerW / 2;
      }
      function y(percent) {
        return pad.top + (100 - percent) / 100 * innerH;
      }
      var byVersion = {};
      var order = [];
      points.forEach(function group(p) {
        if (!byVersion[p.version]) {
          byVersion[p.version] = [];
          order.push(p.version);
        }
        byVersion[p.version].push(p);
      });
      var series = order.map(function build(version, index) {
        var placed = byVersion[version].map(function place(p) {
          return { x: Math.round(x(p.time) * 10) / 10, y: Math.round(y(p.percent) * 10) / 10, point: p };
        });
        return {
          version: version,
          color: COLORS[index % COLORS.length],
          points: placed,
          path: placed.map(function segment(p, i) {
            return (i ? 'L' : 'M') + p.x + ' ' + p.y;
          }).join(' '),
        };
      });
      var yTicks = [0, 25, 50, 75, 100].map(function tick(value) {
        return { value: value, y: y(value) };
      });
      var xLabels = [];
      if (points.length && min === max) {
        xLabels.push({ x: x(min), text: new Date(min).toISOString().slice(0, 10), anchor: 'middle' });
      } else if (points.length) {
        xLabels.push({ x: x(min), text: new Date(min).toISOString().slice(0, 10), anchor: 'start' });
        xLabels.push({ x: x(max), text: new Date(max).toISOString().slice(0, 10), anchor: 'end' });
      }
      return { series: series, yTicks: yTicks, xLabels: xLabels, pad: pad, width: width, height: height };
    }
  }
})();
