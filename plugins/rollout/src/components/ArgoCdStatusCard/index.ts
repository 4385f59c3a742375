export { ArgoCdStatusCard } from './ArgoCdStatusCard';
