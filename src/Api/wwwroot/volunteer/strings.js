// The page's own words; what both pages say about refused requests comes from /shared/strings.js.
import shared from '/shared/strings.js';

export default {
  zh: {
    ...shared.zh,
    title: '志愿者 · 应急集结', switchLanguage: 'English', online: '在线', offline: '离线', connecting: '连接中',
    signedOut: '未登录。请打开指挥员或管理员发给您的登录链接。', duty: '值守状态', goOnDuty: '上岗待命', onCall: '应急值守', goOffDuty: '下岗',
    Off: '未值守', Available: '待命', OnCall: '值守中', Assigned: '执行任务', Resting: '休整',
    location: '位置', shareLocation: '共享位置', latitude: '纬度', longitude: '经度', report: '上报', noLocation: '未上报',
    stale: '（已过期）', offersTitle: '集结出动任务', noOffers: '暂无任务', newOffer: '新的集结出动任务！',
    capability: '所需资质', answerBy: '请在 {time} 前答复', eta: '预计到达（分钟）', accept: '接受', decline: '拒绝',
    drill: '【演练】EXERCISE', answeredAccept: '已接受，等待集结', answeredDecline: '已拒绝',
    Open: '待答复', Accepted: '已集结出动', Declined: '已拒绝', NotNeeded: '无需前往', Withdrawn: '已撤回', Expired: '已过期', TakenElsewhere: '队伍已执行其他任务',
    currentTask: '当前任务', taskText: '事件 {incident} · 队伍 {team}', checkIn: '到达签到', checkOut: '撤离签退',
    checkedIn: '已签到', checkedOut: '已签退', serviceHours: '服务时长', hoursUnit: '小时', drillHours: '演练', tasks: '任务数',
    teams: '所属志愿服务队：{teams}', locationDenied: '无法获取位置，请手动输入',
    alertsTitle: '待命通知', newAlert: '待命通知！', levelBlue: '蓝色预警', levelYellow: '黄色预警', levelOrange: '橙色预警', levelRed: '红色预警',
  },
  en: {
    ...shared.en,
    title: 'Volunteer · Callouts', switchLanguage: '中文', online: 'Online', offline: 'Offline', connecting: 'Connecting',
    signedOut: 'Signed out. Open the sign-in link your commander or administrator sent you.', duty: 'Duty', goOnDuty: 'Go on duty', onCall: 'On call', goOffDuty: 'Go off duty',
    Off: 'Off duty', Available: 'Available', OnCall: 'On call', Assigned: 'On a task', Resting: 'Resting',
    location: 'Location', shareLocation: 'Share location', latitude: 'Latitude', longitude: 'Longitude', report: 'Report', noLocation: 'Not reported',
    stale: ' (stale)', offersTitle: 'Callout offers', noOffers: 'No offers', newOffer: 'New callout offer!',
    capability: 'Capability', answerBy: 'Answer by {time}', eta: 'ETA (minutes)', accept: 'Accept', decline: 'Decline',
    drill: '【演练】EXERCISE', answeredAccept: 'Accepted, waiting for muster', answeredDecline: 'Declined',
    Open: 'Awaiting answer', Accepted: 'Mustered and deployed', Declined: 'Declined', NotNeeded: 'Not needed', Withdrawn: 'Withdrawn', Expired: 'Expired', TakenElsewhere: 'Team on another task',
    currentTask: 'Current task', taskText: 'Incident {incident} · team {team}', checkIn: 'Check in (arrived)', checkOut: 'Check out (leaving)',
    checkedIn: 'Checked in', checkedOut: 'Checked out', serviceHours: 'Service hours', hoursUnit: 'hours', drillHours: 'drills', tasks: 'tasks',
    teams: 'Teams: {teams}', locationDenied: 'Location unavailable; enter it by hand',
    alertsTitle: 'Standby alerts', newAlert: 'Standby alert!', levelBlue: 'Blue warning', levelYellow: 'Yellow warning', levelOrange: 'Orange warning', levelRed: 'Red warning',
  },
};
