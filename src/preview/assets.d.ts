/** webpack's asset/resource modules used by the preview: importing an .xlsx gives its URL (webpack.config.js). */
declare module "*.xlsx" {
  const url: string;
  export default url;
}
