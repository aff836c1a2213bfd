/*
 * The CPU's fp32 peak, measured: independent FMA chains on 512-bit (AVX-512) or 256-bit (AVX2)
 * vectors, one per thread, and the clock from a chain of dependent integer adds (1 cycle each).
 * bench/run.sh compiles it with gcc; usage: peak THREADS fma512|fma256|chain
 */
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define N 200000000L
static void* fma512(void* p){
  __m512 a[12]; __m512 b=_mm512_set1_ps(1.0000001f), c=_mm512_set1_ps(1e-9f);
  for(int i=0;i<12;i++) a[i]=_mm512_set1_ps((float)i);
  for(long k=0;k<N/12;k++){
    #pragma GCC unroll 12
    for(int i=0;i<12;i++) a[i]=_mm512_fmadd_ps(a[i],b,c);
  }
  float s=0; for(int i=0;i<12;i++) s+=_mm512_reduce_add_ps(a[i]);
  *(float*)p=s; return 0;
}
static void* fma256(void* p){
  __m256 a[12]; __m256 b=_mm256_set1_ps(1.0000001f), c=_mm256_set1_ps(1e-9f);
  for(int i=0;i<12;i++) a[i]=_mm256_set1_ps((float)i);
  for(long k=0;k<N/12;k++){
    #pragma GCC unroll 12
    for(int i=0;i<12;i++) a[i]=_mm256_fmadd_ps(a[i],b,c);
  }
  float s=0; float t[8]; for(int i=0;i<12;i++){_mm256_storeu_ps(t,a[i]); for(int j=0;j<8;j++) s+=t[j];}
  *(float*)p=s; return 0;
}
static void* chain(void* p){ /* dependent adds: 1 cycle each */
  long x=(long)p; for(long k=0;k<N;k++){ __asm__ volatile("add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0":"+r"(x)); }
  return (void*)x;
}
int main(int argc,char**argv){
  int th=atoi(argv[1]); const char* m=argv[2];
  pthread_t t[8]; float out[8];
  double t0=now();
  for(int i=0;i<th;i++) pthread_create(&t[i],0, m[0]=='c'?chain: m[3]=='5'?fma512:fma256, &out[i]);
  for(int i=0;i<th;i++) pthread_join(t[i],0);
  double s=now()-t0;
  if(m[0]=='c') printf("chain: %.3f GHz per thread\n", 4.0*N/s/1e9);
  else { double lanes = m[3]=='5'?16:8; printf("%s x%d threads: %.1f GFLOP/s (%.1f per thread)\n", m, th, th*(double)(N/12*12)*lanes*2/s/1e9, (double)(N/12*12)*lanes*2/s/1e9); }
  return 0;
}
