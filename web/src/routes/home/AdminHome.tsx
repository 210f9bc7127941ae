export { default } from '../admin/AdminHome';
