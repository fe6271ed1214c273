// The page's own words; what both pages say about refused requests comes from /shared/strings.js.
import shared from '/shared/strings.js';
import launch from './launch.strings.js';
import map from './map.strings.js';
import attention from './attention.strings.js';
import consoleStrings from './console-strings.js';

export default {
  zh: {
    ...shared.zh, ...launch.zh, ...map.zh, ...attention.zh,
    ...consoleStrings.zh,
    title: '应急指挥调度', switchLanguage: 'English', online: '在线', offline: '离线', connecting: '连接中',
    signedOut: '未登录。请打开管理员发给您的登录链接（服务器启动日志中也有管理员登录链接）。',
    organisationId: '志愿服务组织编号', open: '进入', newCallout: '发起集结出动', clickMap: '在地图上点击选择地点，或输入坐标',
    incidentType: '事件类型', severity: '等级', latitude: '纬度', longitude: '经度', description: '说明',
    exercise: '演练（培训演练，流程与实战相同）', launch: '集结出动', incidents: '事件', noIncidents: '暂无事件',
    teams: '志愿服务队', liveFeed: '实时动态', standDown: '解除', explain: '筛选说明', timeline: '时间线', drill: '【演练】EXERCISE',
    Recruiting: '招募中', Filled: '已满足', Unfillable: '无法满足', StoodDown: '已解除', AwaitingCandidates: '等待扩大范围',
    Pending: '待答复', Accepted: '已接受', Declined: '已拒绝', TimedOut: '超时', Withdrawn: '已撤回',
    Off: '未值守', Available: '待命', OnCall: '值守中', Assigned: '执行任务', Resting: '休整',
    eligible: '符合条件', NotOnDuty: '未值守', AlreadyAssigned: '已有任务', MissingCertification: '缺少资质',
    CertificationExpired: '资质过期', TooFewQualifiedMembers: '合格队员不足', InsuranceInvalid: '保险无效',
    LocationUnknown: '位置未知', LocationStale: '位置过期', OutOfRadius: '超出范围',
    'offer-sent': '发出任务', 'offer-answered': '答复', 'offer-withdrawn': '撤回任务', 'requirement-filled': '需求已满足',
    'team-status': '队伍状态', timelineEvent: '时间线', 'incident-created': '事件创建',
    answerAccept: '接受', answerDecline: '拒绝', offersHeading: '任务', members: '人', confirmStandDown: '确认解除该事件？',
    drillClock: '演练时钟 ×{rate}：时间加速，仅可发起演练', report: '复盘报告',
    administration: '管理',
  },
  en: {
    ...shared.en, ...launch.en, ...map.en, ...attention.en,
    ...consoleStrings.en,
    title: 'Emergency command', switchLanguage: '中文', online: 'Online', offline: 'Offline', connecting: 'Connecting',
    signedOut: 'Signed out. Open the sign-in link an administrator sent you (the server logs an administrator link at start).',
    organisationId: 'Organisation id', open: 'Open', newCallout: 'New callout', clickMap: 'Click the map to pick the place, or enter coordinates',
    incidentType: 'Incident type', severity: 'Severity', latitude: 'Latitude', longitude: 'Longitude', description: 'Description',
    exercise: 'Drill (runs the real flow, clearly marked)', launch: 'Muster and deploy', incidents: 'Incidents', noIncidents: 'No incidents',
    teams: 'Teams', liveFeed: 'Live feed', standDown: 'Stand down', explain: 'Explain', timeline: 'Timeline', drill: '【演练】EXERCISE',
    Recruiting: 'Recruiting', Filled: 'Filled', Unfillable: 'Unfillable', StoodDown: 'Stood down', AwaitingCandidates: 'Awaiting wider search',
    Pending: 'Pending', Accepted: 'Accepted', Declined: 'Declined', TimedOut: 'Timed out', Withdrawn: 'Withdrawn',
    Off: 'Off duty', Available: 'Available', OnCall: 'On call', Assigned: 'Assigned', Resting: 'Resting',
    eligible: 'eligible', NotOnDuty: 'not on duty', AlreadyAssigned: 'already assigned', MissingCertification: 'missing certification',
    CertificationExpired: 'certification expired', TooFewQualifiedMembers: 'too few qualified members', InsuranceInvalid: 'insurance invalid',
    LocationUnknown: 'location unknown', LocationStale: 'location stale', OutOfRadius: 'out of radius',
    'offer-sent': 'Offer sent', 'offer-answered': 'Answer', 'offer-withdrawn': 'Offer withdrawn', 'requirement-filled': 'Requirement filled',
    'team-status': 'Team status', timelineEvent: 'Timeline', 'incident-created': 'Incident created',
    answerAccept: 'accept', answerDecline: 'decline', offersHeading: 'Offers', members: 'members', confirmStandDown: 'Stand this incident down?',
    drillClock: 'Drill clock ×{rate}: time runs fast, exercises only', report: 'After-action report',
    administration: 'Administration',
  },
};
