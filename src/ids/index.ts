export { hashOperationId, OperationId } from "./operation-id.js";
export { ExecutionArn } from "./execution-arn.js";
export { CallbackId } from "./callback-id.js";
export { callSite, MAX_NAME_LENGTH, validateName } from "./names.js";
