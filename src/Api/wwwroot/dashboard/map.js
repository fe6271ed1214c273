// The jurisdiction drawn from GeoJSON alone: these machines have no internet, so there is no tile layer to fall back on.
const L = window.L;
const regions = {
  beijing: 'beijing-districts', tianjin: 'tianjin-districts', zhangjiakou: 'zhangjiakou-counties', tianshui: 'tianshui-counties',
};
const colours = { Recruiting: '#c62828', Filled: '#2e7d32', Unfillable: '#ef6c00', StoodDown: '#78909c' };

export async function createMap(element, region, onPick) {
  const map = L.map(element, { zoomSnap: 0.25, attributionControl: false });
  const response = await fetch(`/geo/${regions[region] ?? regions.beijing}.geojson`);
  const districts = L.geoJSON(await response.json(), {
    style: () => ({ color: '#546e7a', weight: 1, fillColor: '#cfd8dc', fillOpacity: 0.45 }),
    onEachFeature: (feature, layer) => layer.bindTooltip(feature.properties.name,
      { permanent: true, direction: 'center', className: 'district-label' }),
  }).addTo(map);
  map.fitBounds(districts.getBounds());
  let pick = null;
  map.on('click', e => {
    pick ??= L.circleMarker(e.latlng, { radius: 7, color: '#1565c0', dashArray: '3' }).addTo(map);
    pick.setLatLng(e.latlng);
    onPick(e.latlng.lat, e.latlng.lng);
  });
  const markers = new Map();
  return {
    showIncident(summary, label, onSelect) {
      let marker = markers.get(summary.id);
      if (!marker) {
        marker = L.circleMarker([summary.place.latitude, summary.place.longitude], { radius: 10, weight: 3, fillOpacity: 0.7 })
          .on('click', () => onSelect(summary.id)).addTo(map);
        markers.set(summary.id, marker);
      }
      const colour = colours[summary.status] ?? colours.Recruiting;
      marker.setStyle({ color: colour, fillColor: colour, dashArray: summary.exercise ? '4' : null });
      marker.bindTooltip(label);
    },
    focus(summary) {
      map.panTo([summary.place.latitude, summary.place.longitude]);
    },
  };
}
