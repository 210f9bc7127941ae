export { default } from '../imports/ImportsHome';
