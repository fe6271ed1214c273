// The launch form's words, Chinese first (launch.js).
const capabilities = {
  zh: { 'water-rescue': '水上救援', medical: '医疗救护', 'first-aid': '应急救护', 'search-rescue': '搜索救援', logistics: '后勤保障',
    'psychological-support': '心理援助', communications: '通信保障', traffic: '交通疏导' },
  en: { 'water-rescue': 'water rescue', medical: 'medical care', 'first-aid': 'first aid', 'search-rescue': 'search and rescue',
    logistics: 'logistics', 'psychological-support': 'psychological support', communications: 'communications', traffic: 'traffic control' },
};
const types = {
  zh: { flood: '洪涝', earthquake: '地震', fire: '火灾', landslide: '山体滑坡', typhoon: '台风', rainstorm: '暴雨', snowstorm: '暴雪',
    chemical: '危化品泄漏', drought: '干旱', 'missing-person': '人员走失' },
  en: { flood: 'Flood', earthquake: 'Earthquake', fire: 'Fire', landslide: 'Landslide', typhoon: 'Typhoon', rainstorm: 'Rainstorm',
    snowstorm: 'Snowstorm', chemical: 'Chemical spill', drought: 'Drought', 'missing-person': 'Missing person' },
};
const prefixed = (prefix, words) => Object.fromEntries(Object.entries(words).map(([k, v]) => [`${prefix}.${k}`, v]));

export default {
  zh: {
    ...prefixed('capability', capabilities.zh), ...prefixed('incidentType', types.zh),
    district: '区县', pickDistrict: '按区县选择地点…', noPlans: '此处没有适用的预案',
    severity1: '一般（Ⅳ级）', severity2: '较大（Ⅲ级）', severity3: '重大（Ⅱ级）', severity4: '特别重大（Ⅰ级）',
    ownPlan: '本级预案 · 每轮答复时限 {minutes} 分钟', inheritedPlan: '上级预案 · 每轮答复时限 {minutes} 分钟',
    planRequirement: '{capability}：{teams} 支队伍，每队至少 {members} 人', withinRadius: '（{km} 范围内）',
    preview: '预览首批人选', previewHeading: '将首先通知', offerEta: '约 {minutes} 分钟 · {km}', teamsNeeded: '需 {teams} 支',
    nobodyToOffer: '目前没有符合条件的队伍，发起后将立即扩大范围或无法满足', excludedCount: '未入选原因',
    'level.Community': '社区', 'level.Street': '街道', 'level.District': '区县', 'level.City': '市级', 'level.MutualAid': '跨区域支援',
    confirmHeading: '确认发起实战集结出动？', confirmSummary: '{type} · {severity} · 地点 {place}。确认后将立即通知志愿者。',
    confirmYes: '确认出动', confirmNo: '返回修改',
    'problem.place.outside-jurisdiction': '地点不在本辖区内',
    'msg.lies outside the area of # (#), the jurisdiction of #': '不在{0}（{1}）范围内，超出{2}的辖区',
  },
  en: {
    ...prefixed('capability', capabilities.en), ...prefixed('incidentType', types.en),
    district: 'District', pickDistrict: 'Pick the place by district…', noPlans: 'No plan applies here',
    severity1: 'Minor (level IV)', severity2: 'Moderate (level III)', severity3: 'Severe (level II)', severity4: 'Extreme (level I)',
    ownPlan: 'Own plan · {minutes} min to answer each wave', inheritedPlan: 'Plan from above · {minutes} min to answer each wave',
    planRequirement: '{capability}: {teams} teams, at least {members} members each', withinRadius: '(within {km})',
    preview: 'Preview who is called first', previewHeading: 'Would be offered first', offerEta: 'about {minutes} min · {km}', teamsNeeded: '{teams} needed',
    nobodyToOffer: 'No team qualifies right now: once launched it widens the search at once or is unfillable', excludedCount: 'Left out',
    'level.Community': 'community', 'level.Street': 'street', 'level.District': 'district', 'level.City': 'city', 'level.MutualAid': 'mutual aid',
    confirmHeading: 'Launch a real callout?', confirmSummary: '{type} · {severity} · at {place}. Volunteers are notified at once.',
    confirmYes: 'Launch', confirmNo: 'Back to the form',
    'problem.place.outside-jurisdiction': 'The place lies outside this jurisdiction',
    'msg.lies outside the area of # (#), the jurisdiction of #': 'lies outside the area of {0} ({1}), the jurisdiction of {2}',
  },
};
