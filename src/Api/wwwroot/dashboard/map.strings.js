// The map's words, Chinese first (map.js).
export default {
  zh: {
    mapLegend: '图例', layerIncidents: '事件', layerTeams: '志愿服务队（驻地）', layerVolunteers: '值守志愿者',
    legendDrill: '演练（虚线）', legendPrecise: '精确位置', legendCoarse: '大致位置（约 1 公里）',
  },
  en: {
    mapLegend: 'Legend', layerIncidents: 'Incidents', layerTeams: 'Teams (bases)', layerVolunteers: 'Volunteers on duty',
    legendDrill: 'Drill (dashed)', legendPrecise: 'Precise position', legendCoarse: 'Approximate (about 1 km)',
  },
};
