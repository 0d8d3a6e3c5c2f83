/**
 * `@dealercare/reports`: follow-up, satisfaction and complaint reports over dealercare
 * storage. This release ships the personal-data masking every renderer will use; the metrics
 * and renderers are being built (see the project's issue tracker).
 *
 * @packageDocumentation
 */
export { maskName, maskPhone } from './masking/mask';
