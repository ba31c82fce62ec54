// The actor network: states (by code) and other actors as nodes, source -> target edges weighted
// by the number of events.
// Labels are drawn on a canvas by cytoscape, so no article text ever becomes markup.
(function () {
  "use strict";
  var script = document.currentScript;
  var graph = JSON.parse(document.getElementById("network-data").textContent);
  var container = document.getElementById("network");
  var status = document.getElementById("network-status");
  if (!graph.nodes.length) {
    container.classList.add("empty");
    container.textContent = "No events with coded source and target actors match.";
    return;
  }
  var maxWeight = Math.max.apply(null, graph.edges.map(function (e) { return e.weight; }));
  var maxEvents = Math.max.apply(null, graph.nodes.map(function (n) { return n.events; }));
  var elements = graph.nodes.map(function (node) {
    return { data: { id: node.id, label: node.label + (node.name && node.name !== node.label ? "\n" + node.name : ""),
                     size: 18 + 22 * node.events / maxEvents } };
  }).concat(graph.edges.map(function (edge, index) {
    return { data: { id: "edge" + index, source: edge.source, target: edge.target, weight: edge.weight,
                     width: 1 + 7 * edge.weight / maxWeight, label: edge.weight + " · " + edge.types.join(", ") } };
  }));
  var cy = cytoscape({
    container: container,
    elements: elements,
    layout: { name: "cose", animate: false, randomize: false, padding: 30, nodeRepulsion: 40000,
              idealEdgeLength: 80, nodeOverlap: 40, componentSpacing: 60, gravity: 1 },
    style: [
      { selector: "node", style: { "background-color": "#2f5d8a", "label": "data(label)", "color": "#1b1b1b",
                                   "text-wrap": "wrap", "text-valign": "bottom", "text-margin-y": 4, "font-size": 13,
                                   "width": "data(size)", "height": "data(size)" } },
      { selector: "edge", style: { "width": "data(width)", "line-color": "#b5651d", "target-arrow-color": "#b5651d",
                                   "target-arrow-shape": "triangle", "curve-style": "bezier", "label": "data(label)",
                                   "font-size": 10, "color": "#555", "text-rotation": "autorotate" } }
    ]
  });
  // A state opens its timeline, a known actor its page, any other actor a search for its words.
  var byId = {};
  graph.nodes.forEach(function (node) { byId[node.id] = node; });
  cy.on("tap", "node", function (event) {
    var node = byId[event.target.id()];
    if (node.kind === "country") {
      window.location.href = script.dataset.timeline + "?actor_code=" + encodeURIComponent(node.id);
    } else if (node.kind === "actor") {
      window.location.href = script.dataset.actors + encodeURIComponent(node.actor);
    } else {
      window.location.href = script.dataset.search + "?q=" + encodeURIComponent(node.name);
    }
  });
  // A small graph fitted to the frame would be drawn huge: cap the zoom.
  if (cy.zoom() > 1.5) {
    cy.zoom(1.5);
    cy.center();
  }
  container.dataset.rendered = String(cy.nodes().length);
  status.textContent = cy.nodes().length + " actors, " + cy.edges().length + " links";
})();
