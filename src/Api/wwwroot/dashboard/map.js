// The map: the district boundaries as the offline base (no tile server can be reached), the caller's jurisdiction
// drawn stronger and framed, incidents by state, and the jurisdiction's teams and on-duty volunteers as clustered
// layers. Positions come as precise or coarse as the server gave them; the map only draws them.
import { t, onLanguageChange } from '/shared/i18n.js';
import { escapeHtml } from '/shared/api.js';

const L = window.L;
// ?region= as before (beijing, tianjin, …) or a boundary file's own name.
const regions = {
  beijing: 'beijing-districts', tianjin: 'tianjin-districts', zhangjiakou: 'zhangjiakou-counties', tianshui: 'tianshui-counties',
};
const colours = { Recruiting: '#c62828', Filled: '#2e7d32', Unfillable: '#ef6c00', StoodDown: '#78909c' };

/**
 * @param {HTMLElement} element
 * @param {{ region?: string|null, area?: { districts: { code: string, source: string }[] } | null, onPick: (lat: number, lon: number) => void }} o
 */
export async function createMap(element, { region, area, onPick }) {
  const map = L.map(element, { zoomSnap: 0.25, attributionControl: false, keyboard: true, minZoom: 5, maxZoom: 16 });
  const codes = new Set((area?.districts ?? []).map(d => d.code));
  const source = regions[region] ?? region ?? area?.districts?.[0]?.source ?? regions.beijing;
  const response = await fetch(`/geo/${encodeURIComponent(source)}.geojson`);
  const inside = feature => codes.size === 0 || codes.has(feature.properties.code);
  const labels = [];
  const districts = L.geoJSON(await response.json(), {
    style: feature => inside(feature)
      ? { color: '#37474f', weight: 2, fillColor: '#cfd8dc', fillOpacity: 0.5 }
      : { color: '#90a4ae', weight: 1, fillColor: '#eceff1', fillOpacity: 0.3, dashArray: '2 3' },
    onEachFeature: (feature, layer) => {
      layer.bindTooltip(feature.properties.name, {
        permanent: true, direction: 'center', className: `district-label ${inside(feature) ? 'own' : 'other'}`,
      });
      labels.push({ layer, own: inside(feature) });
    },
  }).addTo(map);
  const jurisdiction = L.featureGroup(districts.getLayers().filter(l => inside(l.feature)));
  const frame = () => map.fitBounds((jurisdiction.getLayers().length ? jurisdiction : districts).getBounds(), { padding: [8, 8] });
  frame();
  element.dataset.framed = [...codes].join(' ');

  // Labels never overlap: the jurisdiction's own first, then the others, each hidden where it would cover one shown.
  function declutter() {
    const shown = [];
    for (const { layer } of [...labels].sort((a, b) => b.own - a.own)) {
      const el = layer.getTooltip()?.getElement();
      if (!el) continue;
      el.classList.remove('label-hidden');
      const box = el.getBoundingClientRect();
      const clash = box.width === 0 || shown.some(o => box.left < o.right && box.right > o.left && box.top < o.bottom && box.bottom > o.top);
      if (clash) el.classList.add('label-hidden');
      else shown.push(box);
    }
  }
  map.on('zoomend moveend resize', declutter);
  setTimeout(declutter, 0);

  let pick = null;
  const placePick = latlng => {
    pick ??= L.circleMarker(latlng, { radius: 7, color: '#1565c0', dashArray: '3', interactive: false }).addTo(map);
    pick.setLatLng(latlng);
  };
  map.on('click', e => { placePick(e.latlng); onPick(e.latlng.lat, e.latlng.lng); });

  const cluster = kind => L.markerClusterGroup({
    showCoverageOnHover: false, maxClusterRadius: 40,
    iconCreateFunction: c => L.divIcon({ html: `<span>${c.getChildCount()}</span>`, className: `cluster cluster-${kind}`, iconSize: [30, 30] }),
  });
  const layers = { incidents: L.layerGroup().addTo(map), teams: cluster('team').addTo(map), volunteers: cluster('volunteer').addTo(map) };
  const legend = L.control({ position: 'bottomleft' });
  legend.onAdd = () => {
    const box = L.DomUtil.create('div', 'map-legend');
    L.DomEvent.disableClickPropagation(box);
    box.addEventListener('change', e => {
      const layer = layers[e.target.dataset.layer];
      if (layer) e.target.checked ? layer.addTo(map) : layer.remove();
    });
    return box;
  };
  legend.addTo(map);
  const drawLegend = () => {
    const box = legend.getContainer();
    const checked = name => map.hasLayer(layers[name]) ? 'checked' : '';
    box.innerHTML = `<fieldset><legend>${escapeHtml(t('mapLegend'))}</legend>
      <label><input type="checkbox" data-layer="incidents" ${checked('incidents')}> ${escapeHtml(t('layerIncidents'))}</label>
      <ul class="states">${Object.entries(colours).map(([state, colour]) =>
        `<li><span class="swatch swatch-incident" style="border-color:${colour};background:${colour}"></span>${escapeHtml(t(state))}</li>`).join('')}
        <li><span class="swatch swatch-incident drill"></span>${escapeHtml(t('legendDrill'))}</li></ul>
      <label><input type="checkbox" data-layer="teams" ${checked('teams')}> <span class="swatch swatch-team"></span>${escapeHtml(t('layerTeams'))}</label>
      <label><input type="checkbox" data-layer="volunteers" ${checked('volunteers')}> ${escapeHtml(t('layerVolunteers'))}</label>
      <ul class="states"><li><span class="swatch swatch-volunteer"></span>${escapeHtml(t('legendPrecise'))}</li>
        <li><span class="swatch swatch-volunteer coarse"></span>${escapeHtml(t('legendCoarse'))}</li></ul></fieldset>`;
  };
  drawLegend();
  onLanguageChange(drawLegend);

  const markers = new Map();
  const attention = new Set();
  return {
    showIncident(summary, label, onSelect) {
      let marker = markers.get(summary.id);
      if (!marker) {
        marker = L.circleMarker([summary.place.latitude, summary.place.longitude], { radius: 10, weight: 3, fillOpacity: 0.7 })
          .on('click', () => onSelect(summary.id)).addTo(layers.incidents);
        markers.set(summary.id, marker);
      }
      const colour = colours[summary.status] ?? colours.Recruiting;
      const flagged = attention.has(summary.id);
      marker.setStyle({ color: flagged ? '#000' : colour, fillColor: colour, weight: flagged ? 5 : 3, dashArray: summary.exercise ? '4' : null });
      marker.getElement?.()?.setAttribute('data-incident', summary.id);
      marker.getElement?.()?.setAttribute('data-status', summary.status);
      marker.getElement?.()?.classList.toggle('incident-attention', flagged);
      marker.bindTooltip(label);
    },
    /** Incidents that need the commander's attention are drawn with a heavy ring until acknowledged. */
    flag(ids) {
      attention.clear();
      for (const id of ids) attention.add(id);
    },
    focus(summary) {
      map.panTo([summary.place.latitude, summary.place.longitude]);
    },
    pick(lat, lon) {
      placePick(L.latLng(lat, lon));
    },
    frame,
    /** Teams at their bases and on-duty volunteers as GET …/positions gave them. */
    showPositions(positions) {
      layers.teams.clearLayers();
      layers.volunteers.clearLayers();
      layers.teams.addLayers(positions.teams.map(team => L.marker([team.place.latitude, team.place.longitude], {
        icon: L.divIcon({ className: `team-marker status-${team.status}`, iconSize: [14, 14] }),
        keyboard: false, title: `${team.name} · ${t(team.status)}`,
      }).bindTooltip(`${escapeHtml(team.name)} · ${escapeHtml(t(team.status))} · ${team.members} ${escapeHtml(t('members'))}`)));
      layers.volunteers.addLayers(positions.volunteers.map(v => L.marker([v.point.latitude, v.point.longitude], {
        icon: L.divIcon({ className: `volunteer-marker ${v.precise ? 'precise' : 'coarse'}`, iconSize: v.precise ? [10, 10] : [16, 16] }),
        keyboard: false,
      }).bindTooltip(`${escapeHtml(t(v.status))} · ${escapeHtml(t(v.precise ? 'legendPrecise' : 'legendCoarse'))}`)));
      element.dataset.teams = positions.teams.length;
      element.dataset.volunteers = positions.volunteers.length;
      element.dataset.coarse = positions.volunteers.filter(v => !v.precise).length;
    },
  };
}
