export { sendRobotMarkdown, ROBOT_ERRCODES, ROBOT_MARKDOWN_MAX_BYTES, ROBOT_MESSAGES_PER_MINUTE, type RobotSendResult } from './client';
export { WecomRobotSimulator, type RobotSimMessage } from './simulator';
