'use strict';
// The plotly.js partial bundle OPS Monitor loads: only the trace types its charts draw (scatter is
// part of plotly.js's core). Built by build.sh; tests/unit/test_vendor_plotly.py checks that every
// trace type a chart uses is registered here.
var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/choropleth'),
    require('plotly.js/lib/scattergeo'),
    require('plotly.js/lib/table'),
]);

module.exports = Plotly;
